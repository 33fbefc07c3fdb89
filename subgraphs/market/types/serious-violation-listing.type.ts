import { PublicityWindowed } from '../../shared/types/publicity-window.type';
import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

@ObjectType({
  description:
    'An entry on the list of serious violations of law and trust (严重违法失信名单, SAMR Order 44). Public while ACTIVE ' +
    'and inside its publicity window; other rows reach only callers holding market:listing:read.',
})
export class SeriousViolationListing extends PublicityWindowed {
  @Field()
  id!: string;

  @Field({ description: 'Reason for the listing (列入原因).' })
  reason!: string;

  @Field(() => GraphQLLocalDate, { description: 'Date listed (列入日期).' })
  listedOn!: string;

  @Field({ description: 'Authority that made the listing decision (作出决定机关).' })
  listingAuthority!: string;
}
