import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { hasScope } from '../../../common/principal';
import type { SubgraphContext } from '../../shared/agency';
import type { MarketLoaders } from '../data/loaders';
import type { AnnualReportRow } from '../data/rows';
import { ANNUAL_REPORT_SCOPE, MarketAnnualReport } from '../types/annual-report.type';

type Context = SubgraphContext<MarketLoaders>;
type Financial = 'revenueCny' | 'totalAssetsCny' | 'netProfitCny' | 'taxPaidCny';

/**
 * Financials an enterprise chose not to publish (企业信息公示暂行条例 art. 9) are null for callers
 * without market:annual-report:read, whatever enforces the directive on the fields in front of us.
 */
function financial(report: AnnualReportRow, field: Financial, ctx: Context): number | null {
  return report.financialsPublic || hasScope(ctx.principal, ANNUAL_REPORT_SCOPE) ? report[field] : null;
}

@Resolver(() => MarketAnnualReport)
export class AnnualReportResolver {
  @FieldResolver()
  revenueCny(@Root() report: AnnualReportRow, @Ctx() ctx: Context) {
    return financial(report, 'revenueCny', ctx);
  }

  @FieldResolver()
  totalAssetsCny(@Root() report: AnnualReportRow, @Ctx() ctx: Context) {
    return financial(report, 'totalAssetsCny', ctx);
  }

  @FieldResolver()
  netProfitCny(@Root() report: AnnualReportRow, @Ctx() ctx: Context) {
    return financial(report, 'netProfitCny', ctx);
  }

  @FieldResolver()
  taxPaidCny(@Root() report: AnnualReportRow, @Ctx() ctx: Context) {
    return financial(report, 'taxPaidCny', ctx);
  }
}
