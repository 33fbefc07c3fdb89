import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { CreditAuthority } from './credit-authority.type';
import { CreditRecord } from './credit-record.type';

@ObjectType({
  implements: CreditRecord,
  description:
    'An entry on a dishonesty list (严重失信主体名单 and other lists resting on law, 国办发〔2020〕49号). ' +
    'Public only while ACTIVE and inside its window; other rows need credit:record:read.',
})
export class CreditDishonestyListing extends CreditRecord {
  @Field({ description: 'Number of the listing decision (列入决定书文号).' })
  decisionDocNo!: string;

  @Field({ description: 'Name of the list, e.g. 市场监督管理严重违法失信名单.' })
  listName!: string;

  @Field({ description: 'The dishonest conduct that led to the listing.' })
  reason!: string;

  @Field({ description: 'Law, regulation or central policy the list rests on.' })
  legalBasis!: string;

  @Field(() => CreditAuthority, { description: 'Authority that decided the listing (认定单位).' })
  listingAuthority!: CreditAuthority;

  @Field(() => GraphQLLocalDate)
  listedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  plannedRemovalOn!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day the entry left the list (expiry, repair or revocation).' })
  removedOn!: string | null;

  @Field(() => [String], { description: 'Joint punitive measures (失信惩戒措施) attached to the list.' })
  measures!: string[];
}
