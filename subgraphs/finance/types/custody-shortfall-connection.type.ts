import { Field, ObjectType } from 'type-graphql';
import { CustodyShortfall } from './custody-shortfall.type';

@ObjectType()
export class CustodyShortfallEdge {
  @Field({ description: 'Opaque; pass as `after` to continue after this entry.' })
  cursor!: string;

  @Field(() => CustodyShortfall)
  node!: CustodyShortfall;
}

/** Named for finance: education's `PageInfo` is not @shareable, so two definitions would not compose. */
@ObjectType()
export class FinancePageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: 'Custody shortfalls, largest first (ties in USCC order), a page at a time.' })
export class CustodyShortfallConnection {
  @Field(() => [CustodyShortfallEdge])
  edges!: CustodyShortfallEdge[];

  @Field(() => FinancePageInfo)
  pageInfo!: FinancePageInfo;
}
