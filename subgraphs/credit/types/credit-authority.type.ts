import { Field, ObjectType } from 'type-graphql';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';

@ObjectType({ description: 'A public body named on a credit record (deciding, listing or data-source unit) and its USCC.' })
export class CreditAuthority {
  @Field()
  name!: string;

  @Field(() => UsccScalar)
  uscc!: string;
}
