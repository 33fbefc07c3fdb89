import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';

/**
 * The event and feed types of one agency. Each agency gets its own names (EducationEvent,
 * MarketEvent ...) because a federated schema cannot have two types of one name with different
 * data behind them; the shape is the same everywhere.
 */
export function defineEventTypes(prefix: string) {
  @ObjectType(`${prefix}EventActor`, { description: 'Who made a transition: the officer, the system, the body and its region.' })
  @Directive('@authenticated')
  class EventActor {
    @Field({ description: 'The officer (`sub` of the token), or "public" for an anonymous complainant.' })
    subject!: string;

    @Field({ description: 'The consumer system the command came through.' })
    consumer!: string;

    @Field(() => String, { nullable: true })
    agency!: string | null;

    @Field(() => String, { nullable: true, description: 'GB/T 2260 code of the officer\'s region.' })
    region!: string | null;
  }

  @ObjectType(`${prefix}Event`, { description: `An immutable transition in the ${prefix.toLowerCase()} agency's event log, chained to the one before it.` })
  @Directive('@authenticated')
  class AgencyEvent {
    @Field(() => Int, { description: 'Position in the agency\'s log.' })
    seq!: number;

    @Field({ description: 'MACHINE.COMMAND, e.g. REGULATORY_STATUS.APPROVE.' })
    type!: string;

    @Field()
    recordKind!: string;

    @Field()
    recordId!: string;

    @Field(() => UsccScalar, { nullable: true, description: 'Null for records about no single institution (an inspection draw).' })
    uscc!: string | null;

    @Field()
    regionCode!: string;

    @Field()
    fromState!: string;

    @Field()
    toState!: string;

    @Field(() => Int, { description: 'The record\'s version after this transition.' })
    version!: number;

    @Field(() => EventActor)
    actor!: EventActor;

    @Field(() => String, { nullable: true })
    legalBasis!: string | null;

    @Field(() => String, { nullable: true })
    decisionDocNo!: string | null;

    @Field(() => GraphQLJSONObject, { description: 'What the transition recorded besides: due dates, checks of other agencies\' data, inputs. Never personal information.' })
    payload!: Record<string, unknown>;

    @Field(() => GraphQLDateTime)
    occurredAt!: Date;

    @Field({ description: 'SHA-256 of the previous event\'s hash and this event.' })
    hash!: string;

    @Field()
    prevHash!: string;
  }

  @ObjectType(`${prefix}EventEdge`)
  @Directive('@authenticated')
  class EventEdge {
    @Field()
    cursor!: string;

    @Field(() => AgencyEvent)
    node!: AgencyEvent;
  }

  @ObjectType(`${prefix}EventConnection`, { description: 'A page of the event feed, oldest first. Keep endCursor and pass it as `since` to continue.' })
  @Directive('@authenticated')
  class EventConnection {
    @Field(() => [EventEdge])
    edges!: EventEdge[];

    @Field()
    hasNextPage!: boolean;

    @Field(() => String, { nullable: true, description: 'The cursor to resume from; the `since` given when the page is empty.' })
    endCursor!: string | null;
  }

  return { AgencyEvent, EventConnection };
}
