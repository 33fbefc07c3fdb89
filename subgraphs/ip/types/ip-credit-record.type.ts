import { PublicityWindowed } from '../../shared/types/publicity-window.type';
import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { IpCreditBehavior } from './enums';

@ObjectType({
  description:
    'IP dishonesty found by CNIPA or a provincial IP office. Public while ACTIVE inside its publicity window; ' +
    'other rows reach only callers holding ip:credit:read.',
})
export class IpCreditRecord extends PublicityWindowed {
  @Field()
  id!: string;

  @Field(() => IpCreditBehavior)
  behavior!: IpCreditBehavior;

  @Field({ description: 'What was found, as published.' })
  description!: string;

  @Field({ description: 'The office that made the finding.' })
  authority!: string;

  @Field({ description: 'Number of the finding document (认定文书号).' })
  documentNo!: string;

  @Field(() => GraphQLLocalDate)
  decidedOn!: string;

  @Field(() => [String], { description: 'Management measures applied (管理措施).' })
  measures!: string[];
}
