import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { CreditAuthority } from './credit-authority.type';
import { CreditRecord } from './credit-record.type';

@ObjectType({
  implements: CreditRecord,
  description: 'An entry on an incentive list (守信激励, formerly "red list"), e.g. 纳税信用A级纳税人. Public.',
})
export class CreditIncentiveListing extends CreditRecord {
  @Field()
  listName!: string;

  @Field()
  legalBasis!: string;

  @Field(() => CreditAuthority)
  listingAuthority!: CreditAuthority;

  @Field(() => GraphQLLocalDate)
  listedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  validUntil!: string | null;

  @Field(() => [String], { description: 'Incentive measures (激励措施) the entry brings.' })
  incentives!: string[];
}
