import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from './provenance.type';
import { PublicityStatus } from './publicity-status';

/**
 * The fields every published penalty or list entry carries, whichever agency publishes it. The
 * window decides who may see the row: anyone while ACTIVE and inside it, otherwise only callers
 * holding the owning agency's scope (filtered in each repository's SQL).
 */
@ObjectType({ description: 'Never in a schema itself: the publicity fields its subclasses inherit.' })
export abstract class PublicityWindowed {
  @Field(() => PublicityStatus)
  publicityStatus!: PublicityStatus;

  @Field(() => GraphQLLocalDate, { description: 'First day the record is published.' })
  publicityStart!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Last day the record is published; null when open-ended.' })
  publicityEnd!: string | null;

  @Field(() => Provenance)
  provenance!: Provenance;
}
