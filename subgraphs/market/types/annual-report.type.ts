import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { requiresScopes } from '../../shared/requirements';
import { Provenance } from '../../shared/types/provenance.type';

/** The scope that reveals financials an enterprise chose not to publish (企业信息公示暂行条例 art. 9). */
export const ANNUAL_REPORT_SCOPE = 'market:annual-report:read';

@ObjectType({
  description:
    'An annual report (企业年度报告) filed on GSXT between 1 January and 30 June for the previous year. The financial ' +
    'figures are public by law only when the enterprise chose to publish them: `publishedFinancials` carries those to ' +
    'anyone; the individual figure fields need market:annual-report:read and then show unpublished figures too.',
})
export class MarketAnnualReport {
  @Field()
  id!: string;

  @Field(() => Int, { description: 'The business year reported on.' })
  year!: number;

  @Field(() => GraphQLLocalDate, { description: 'Date the report was submitted.' })
  submittedOn!: string;

  @Field(() => Int, { nullable: true, description: 'Number of employees (从业人数).' })
  employees!: number | null;

  @Field({ description: 'Whether the enterprise chose to publish the financial figures.' })
  financialsPublic!: boolean;

  @Field(() => Float, { nullable: true, description: 'Total revenue (营业总收入) in CNY.' })
  @Directive(requiresScopes([ANNUAL_REPORT_SCOPE]))
  revenueCny!: number | null;

  @Field(() => Float, { nullable: true, description: 'Total assets (资产总额) in CNY.' })
  @Directive(requiresScopes([ANNUAL_REPORT_SCOPE]))
  totalAssetsCny!: number | null;

  @Field(() => Float, { nullable: true, description: 'Net profit (净利润) in CNY.' })
  @Directive(requiresScopes([ANNUAL_REPORT_SCOPE]))
  netProfitCny!: number | null;

  @Field(() => Float, { nullable: true, description: 'Total tax paid (纳税总额) in CNY.' })
  @Directive(requiresScopes([ANNUAL_REPORT_SCOPE]))
  taxPaidCny!: number | null;

  @Field(() => Provenance)
  provenance!: Provenance;
}
