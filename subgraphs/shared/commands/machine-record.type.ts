import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';

/** Never in a schema itself: the fields every state-machine record inherits. */
@ObjectType({ description: 'Never in a schema itself: the fields every state-machine record carries.' })
export abstract class MachineRecordFields {
  @Field({ description: 'The record\'s id; commands name it.' })
  id!: string;

  @Field(() => UsccScalar, { nullable: true })
  uscc!: string | null;

  @Field({ description: 'GB/T 2260 code of the district the record belongs to.' })
  regionCode!: string;

  @Field()
  state!: string;

  @Field(() => Int, { description: 'Transitions so far; pass it as expectedVersion with the next command.' })
  version!: number;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The deadline running on the record, if any.' })
  dueOn!: string | null;

  @Field(() => GraphQLDateTime)
  updatedAt!: string;

  @Field(() => [String], { description: 'Commands the current state allows.' })
  allowedCommands!: string[];
}
