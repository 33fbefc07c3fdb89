import type { Principal } from '../../../common/principal';
import { badUserInput } from '../errors';
import { assertPageSize } from '../list-args';
import { regionPrefix } from './actor';
import type { RecordReads, StoredEvent } from './command-store';
import { machine } from './state-machine';

/** Which machines' events an agency publishes, and the read scope each needs (null: any authenticated caller). */
export type FeedVisibility = Readonly<Record<string, string | null>>;

const CURSOR_PREFIX = 'event:';

export function eventCursor(seq: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const seq = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(seq) || seq < 0) throw badUserInput(`since is not a cursor this feed issued: '${cursor}'`, { argument: 'since' });
  return seq;
}

/** The event types the caller may see, narrowed to `types` (each a MACHINE or a MACHINE.COMMAND). */
export function visibleEventTypes(visibility: FeedVisibility, principal: Principal, types: readonly string[] | null): string[] {
  const all = Object.entries(visibility)
    .filter(([, scope]) => scope === null || principal.scopes.has(scope))
    .flatMap(([name]) => [...machine(name).transitions.keys()].map((command) => `${name}.${command}`));
  if (!types) return all;
  const known = new Set(Object.keys(visibility).flatMap((name) => [name, ...[...machine(name).transitions.keys()].map((c) => `${name}.${c}`)]));
  for (const type of types) {
    if (!known.has(type)) throw badUserInput(`types: '${type}' is not an event type of this feed`, { argument: 'types' });
  }
  return all.filter((type) => types.some((wanted) => type === wanted || type.startsWith(`${wanted}.`)));
}

export interface EventPage {
  edges: { cursor: string; node: StoredEvent }[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export async function findEventPage(
  reads: Pick<RecordReads, 'eventPage'>,
  visibility: FeedVisibility,
  principal: Principal,
  args: { since: string | null; types: string[] | null; region: string | null; first: number },
): Promise<EventPage> {
  assertPageSize(args.first);
  // An argument left out arrives as undefined; treat it as null.
  const region = args.region ?? null;
  if (region !== null && !/^\d{6}$/.test(region)) {
    throw badUserInput(`region must be a 6-digit GB/T 2260 code, got '${region}'`, { argument: 'region' });
  }
  const afterSeq = args.since ? decodeCursor(args.since) : 0;
  const types = visibleEventTypes(visibility, principal, args.types ?? null);
  const rows = types.length === 0 ? [] : await reads.eventPage({
    afterSeq, types, regionPrefix: region ? regionPrefix(region) : '', limit: args.first + 1,
  });
  const page = rows.slice(0, args.first);
  const last = page.at(-1);
  return {
    edges: page.map((node) => ({ cursor: eventCursor(node.seq), node })),
    hasNextPage: rows.length > args.first,
    endCursor: last ? eventCursor(last.seq) : (args.since ?? null),
  };
}

/** Events carry ISO strings in storage; GraphQL's DateTime wants a Date. */
export function eventForGraphQL(event: StoredEvent): StoredEvent & { occurredAt: Date } {
  return { ...event, occurredAt: new Date(event.occurredAt) } as never;
}
