import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { requiresScopes } from '../../shared/requirements';
import { FinancingRound } from './enums';

@ObjectType({ description: 'A financing round, share offering or bond issue of the institution.' })
@Directive(requiresScopes(['finance:financing:read']))
export class FinancingEvent {
  @Field()
  id!: string;

  @Field(() => FinancingRound)
  round!: FinancingRound;

  @Field(() => GraphQLLocalDate)
  closedOn!: string;

  @Field(() => Float)
  amountCny!: number;

  @Field(() => [String], { description: 'Investing organisations by registered name; natural persons are not listed.' })
  investors!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Body that registered, approved or recorded the financing (e.g. CSRC for an IPO); null when none did.',
  })
  recordingBody!: string | null;

  @Field(() => Provenance)
  provenance!: Provenance;
}
