import { Directive, Field, ObjectType } from 'type-graphql';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';

/**
 * The finance view of an institution: only the key here; every other field is a field resolver.
 * No description: education owns the entity's, and composition would flag two that differ.
 */
@ObjectType()
@Directive('@key(fields: "uscc")')
export class Institution {
  @Field(() => UsccScalar)
  uscc!: string;
}
