import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import type { StoredEvent } from '../../shared/commands/command-store';
import { defineEventTypes } from '../../shared/commands/event.types';
import { MachineRecordFields } from '../../shared/commands/machine-record.type';
import { requiresScopes } from '../../shared/requirements';

export const { AgencyEvent: FinanceEvent, EventConnection: FinanceEventConnection } = defineEventTypes('Finance');

const CUSTODY_SCOPES = [['finance:custody:read'], ['finance:custody:write']] as const;

@ObjectType({ description: 'Prepaid-fee settlement on exit, as confirmed.' })
@Directive(requiresScopes(...CUSTODY_SCOPES))
export class PrepaidSettlement {
  @Field(() => Float)
  refundedCny!: number;

  @Field(() => Int)
  refundedLearners!: number;

  @Field(() => GraphQLLocalDate)
  settledOn!: string;
}

@ObjectType({ description: 'The custody arrangement as a record of its machine (CUSTODY): snapshots, then settlement on exit.' })
@Directive(requiresScopes(...CUSTODY_SCOPES))
export class CustodyRecord extends MachineRecordFields {
  @Field(() => Float)
  balanceCny!: number;

  @Field(() => Float)
  prepaidFeesOutstandingCny!: number;

  @Field(() => GraphQLLocalDate)
  balancesAsOf!: string;

  @Field(() => PrepaidSettlement, { nullable: true })
  settlement!: PrepaidSettlement | null;

  @Field(() => [FinanceEvent])
  history!: StoredEvent[];
}
