import { Field, Float, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Annual-report financial figures the enterprise chose to publish: public by law.' })
export class MarketPublishedFinancials {
  @Field(() => Float, { nullable: true, description: 'Total revenue (营业总收入) in CNY.' })
  revenueCny!: number | null;

  @Field(() => Float, { nullable: true, description: 'Total assets (资产总额) in CNY.' })
  totalAssetsCny!: number | null;

  @Field(() => Float, { nullable: true, description: 'Net profit (净利润) in CNY.' })
  netProfitCny!: number | null;

  @Field(() => Float, { nullable: true, description: 'Total tax paid (纳税总额) in CNY.' })
  taxPaidCny!: number | null;
}
