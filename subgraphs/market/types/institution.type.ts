import { Directive, Field, ObjectType } from 'type-graphql';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';

/** The shared entity; every market field on it is a field resolver over the market loaders. */
@ObjectType()
@Directive('@key(fields: "uscc")')
export class Institution {
  @Field(() => UsccScalar)
  uscc!: string;
}
