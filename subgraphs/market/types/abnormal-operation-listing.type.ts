import { PublicityWindowed } from '../../shared/types/publicity-window.type';
import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { AbnormalOperationReason } from './enums';

@ObjectType({
  description:
    'An entry on the abnormal-operation list (经营异常名录). Public while ACTIVE and inside its publicity window; ' +
    'other rows (for example removed after repair) reach only callers holding market:listing:read.',
})
export class AbnormalOperationListing extends PublicityWindowed {
  @Field()
  id!: string;

  @Field(() => AbnormalOperationReason)
  reason!: AbnormalOperationReason;

  @Field(() => GraphQLLocalDate, { description: 'Date listed (列入日期).' })
  listedOn!: string;

  @Field({ description: 'Authority that made the listing decision (作出决定机关).' })
  listingAuthority!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date removed (移出日期); null while listed.' })
  removedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Reason for removal (移出原因); null while listed.' })
  removalReason!: string | null;
}
