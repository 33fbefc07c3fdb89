import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { CreditAuthority } from './credit-authority.type';
import { CreditRecord } from './credit-record.type';
import { CreditCommitmentFulfilment, CreditCommitmentKind } from './enums';

@ObjectType({ implements: CreditRecord, description: 'A credit commitment (信用承诺) and whether it was kept. Public.' })
export class CreditCommitment extends CreditRecord {
  @Field(() => CreditCommitmentKind)
  kind!: CreditCommitmentKind;

  @Field({ description: 'The matter the commitment was made for (承诺事项).' })
  matter!: string;

  @Field({ description: 'What was promised (承诺内容).' })
  content!: string;

  @Field(() => CreditAuthority, { description: 'Authority that accepted the commitment (承诺受理单位).' })
  acceptingAuthority!: CreditAuthority;

  @Field(() => GraphQLLocalDate)
  committedOn!: string;

  @Field(() => CreditCommitmentFulfilment)
  fulfilment!: CreditCommitmentFulfilment;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Day fulfilment or breach was established.' })
  verifiedOn!: string | null;
}
