import { Directive, Field, ObjectType } from 'type-graphql';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';

/**
 * The institution as the credit platform sees it: only its key. Every credit field is resolved
 * from the platform's records, so an institution with none simply has empty lists.
 */
@ObjectType({ description: 'An institution, identified by its USCC; its credit records hang off it.' })
@Directive('@key(fields: "uscc")')
export class Institution {
  @Field(() => UsccScalar)
  uscc!: string;

  // The other agencies' sealed facts, which the planner fetches for `creditEvaluation` (@requires).
  @Field(() => String, { nullable: true })
  @Directive('@external')
  educationCreditFacts?: string | null;

  @Field(() => String, { nullable: true })
  @Directive('@external')
  marketCreditFacts?: string | null;

  @Field(() => String, { nullable: true })
  @Directive('@external')
  financeCreditFacts?: string | null;

  @Field(() => String, { nullable: true })
  @Directive('@external')
  ipCreditFacts?: string | null;
}
