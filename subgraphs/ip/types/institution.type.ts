import { Directive, Field, ObjectType } from 'type-graphql';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';

@ObjectType({ description: 'An online-education institution, as the IP registers know it (as patentee, registrant, copyright owner).' })
@Directive('@key(fields: "uscc")')
export class Institution {
  @Field(() => UsccScalar)
  uscc!: string;
}
