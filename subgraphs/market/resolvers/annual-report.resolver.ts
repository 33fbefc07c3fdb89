import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { hasScope } from '../../../common/principal';
import type { SubgraphContext } from '../../shared/agency';
import type { MarketLoaders } from '../data/loaders';
import type { AnnualReportRow } from '../data/rows';
import { ANNUAL_REPORT_SCOPE, MarketAnnualReport } from '../types/annual-report.type';
import { MarketPublishedFinancials } from '../types/published-financials.type';

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
  /**
   * The published figures need no scope, so the public keeps what the law makes public even though
   * the four guarded fields below are refused to it as a whole.
   */
  @FieldResolver(() => MarketPublishedFinancials, { nullable: true, description: 'The financial figures, when the enterprise published them; null otherwise.' })
  publishedFinancials(@Root() report: AnnualReportRow) {
    if (!report.financialsPublic) return null;
    const { revenueCny, totalAssetsCny, netProfitCny, taxPaidCny } = report;
    return { revenueCny, totalAssetsCny, netProfitCny, taxPaidCny };
  }

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
