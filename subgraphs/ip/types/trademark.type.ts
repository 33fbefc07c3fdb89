import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { TrademarkStatus } from './enums';
import { IntellectualPropertyRight } from './intellectual-property-right.type';

@ObjectType({
  implements: IntellectualPropertyRight,
  description: 'A trademark application or registration (商标) in one Nice class, from the CNIPA trademark register.',
})
export class Trademark extends IntellectualPropertyRight {
  @Field({ description: 'Registration number (注册号; the same number as the application).' })
  registrationNo!: string;

  @Field(() => Int, { description: 'Nice class 1-45; online education is mostly 41 (education), 9 (software) and 42 (SaaS).' })
  niceClass!: number;

  @Field({ description: 'Text of the mark (word mark, or the words of a combined mark).' })
  markText!: string;

  @Field(() => [String], { description: 'Designated goods and services, as in the Chinese similar-goods classification.' })
  goods!: string[];

  @Field(() => GraphQLLocalDate)
  appliedOn!: string;

  @Field(() => TrademarkStatus)
  status!: TrademarkStatus;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Registration announcement date; null while pending.' })
  validFrom!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'End of the 10-year term; null while pending.' })
  validTo!: string | null;
}
