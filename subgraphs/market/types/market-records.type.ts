import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import type { StoredEvent } from '../../shared/commands/command-store';
import { MachineRecordFields } from '../../shared/commands/machine-record.type';
import { requiresScopes } from '../../shared/requirements';
import { MarketEvent } from './market-event.type';

@ObjectType({ description: 'How long a decision is published, from its tier and the regime in force on the decision date.' })
@Directive(requiresScopes(['market:penalty:read'], ['market:penalty:write']))
export class PenaltyPublicityWindow {
  @Field()
  regime!: string;

  @Field({ description: 'verified or unverified (rules/publicity-windows.json).' })
  regimeStatus!: string;

  @Field()
  published!: boolean;

  @Field(() => GraphQLLocalDate)
  publicityStart!: string;

  @Field(() => GraphQLLocalDate)
  publicityEnd!: string;

  @Field(() => GraphQLLocalDate)
  repairEligibleFrom!: string;
}

@ObjectType({ description: 'A penalty decision as a record of its machine (PENALTY_DECISION).' })
@Directive(requiresScopes(['market:penalty:read'], ['market:penalty:write']))
export class PenaltyDecision extends MachineRecordFields {
  @Field()
  tier!: string;

  @Field()
  violationType!: string;

  @Field(() => GraphQLLocalDate)
  decidedOn!: string;

  @Field(() => String, { nullable: true })
  decisionDocNo!: string | null;

  @Field(() => Float, { nullable: true })
  fineCny!: number | null;

  @Field(() => PenaltyPublicityWindow)
  window!: PenaltyPublicityWindow;

  @Field(() => [MarketEvent])
  history!: StoredEvent[];
}

@ObjectType({ description: 'An abnormal-operation entry as a record of its machine (ABNORMAL_LISTING).' })
@Directive(requiresScopes(['market:listing:read'], ['market:listing:write']))
export class AbnormalListingRecord extends MachineRecordFields {
  @Field()
  reason!: string;

  @Field(() => GraphQLLocalDate)
  listedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  removedOn!: string | null;

  @Field(() => String, { nullable: true })
  removalReason!: string | null;

  @Field(() => [MarketEvent])
  history!: StoredEvent[];
}

@ObjectType({ description: 'The business licence as a record of its machine (BUSINESS_LICENCE): OPERATING or REVOKED.' })
export class BusinessLicenceStatus extends MachineRecordFields {
  @Field(() => GraphQLLocalDate, { nullable: true })
  revokedOn!: string | null;

  @Field(() => [MarketEvent])
  history!: StoredEvent[];
}
