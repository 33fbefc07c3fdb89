import type { Principal } from '../../../common/principal';
import { subgraphError } from '../errors';

/** Who performs a command, as the verified token says; recorded with every event. */
export interface Actor {
  /** The officer (`sub`), or "public" for an anonymous complainant. */
  readonly subject: string;
  /** The consumer system the command came through (`azp`/`client_id`); "public" when anonymous. */
  readonly consumer: string;
  readonly agency: string | null;
  /** GB/T 2260 code of the officer's region; null only for the public. */
  readonly region: string | null;
}

export const PUBLIC_ACTOR: Actor = Object.freeze({ subject: 'public', consumer: 'public', agency: null, region: null });

/** The officer behind a command: a token must name the person, the system and the region. */
export function officerOf(principal: Principal): Actor {
  if (!principal.authenticated || !principal.subject || !principal.consumer || !principal.region) {
    const missing = [!principal.subject && 'sub', !principal.consumer && 'azp', !principal.region && 'region'].filter(Boolean);
    throw subgraphError('FORBIDDEN', `commands need a token naming the officer, system and region; missing ${missing.join(', ')}`, {
      reason: 'MISSING_ACTOR',
    });
  }
  return { subject: principal.subject, consumer: principal.consumer, agency: principal.agency ?? null, region: principal.region };
}

/**
 * The GB/T 2260 prefix a region code covers: trailing zero pairs widen it (440305 a district,
 * 440300 all of Shenzhen, 440000 all of Guangdong); 000000 is national and covers everything.
 */
export function regionPrefix(region: string): string {
  if (region === '000000') return '';
  if (region.endsWith('0000')) return region.slice(0, 2);
  if (region.endsWith('00')) return region.slice(0, 4);
  return region;
}

/**
 * Who may take a step, as rules/machines.json names it: an officer's administrative level, read
 * from the structure of their GB/T 2260 code like regionPrefix, or PUBLIC for a caller without a
 * token (who acts only through submitComplaint).
 */
export const ACTING_LEVELS = ['PUBLIC', 'COUNTY', 'PREFECTURE', 'PROVINCE', 'NATIONAL'] as const;
export type ActingLevel = (typeof ACTING_LEVELS)[number];

export function actingLevel(actor: Actor): ActingLevel {
  const region = actor.region;
  if (region === null) return 'PUBLIC';
  if (region === '000000') return 'NATIONAL';
  if (region.endsWith('0000')) return 'PROVINCE';
  if (region.endsWith('00')) return 'PREFECTURE';
  return 'COUNTY';
}

export function assertLevel(actor: Actor, machineName: string, command: string, levels: readonly ActingLevel[]): void {
  const level = actingLevel(actor);
  if (!levels.includes(level)) {
    throw subgraphError('FORBIDDEN', `${command} on ${machineName} is taken at ${levels.join(' or ')} level; the officer's region ${actor.region ?? '(none)'} is ${level} level`, {
      reason: 'LEVEL_NOT_ALLOWED',
      officerLevel: level,
      allowedLevels: [...levels],
    });
  }
}

export function regionCovers(officerRegion: string, recordRegion: string): boolean {
  return recordRegion.startsWith(regionPrefix(officerRegion));
}

export function assertInRegion(actor: Actor, recordRegion: string): void {
  if (actor.region === null) return; // the public acts only through submitComplaint
  if (!regionCovers(actor.region, recordRegion)) {
    throw subgraphError('FORBIDDEN', `the record is in region ${recordRegion}, outside the officer's region ${actor.region}`, {
      reason: 'OUTSIDE_REGION',
      officerRegion: actor.region,
      recordRegion,
    });
  }
}

/** The body an officer acts for: the token's `agency` (e.g. edu-110108), or their region where it names none. */
const bodyOf = (actor: Actor): string | null => actor.agency ?? actor.region;

/** A step only the issuing body takes (a rectification order is verified by whoever ordered it): `issuer` acted first on the record. */
export function assertIssuer(actor: Actor, machineName: string, command: string, issuer: Actor | undefined): void {
  if (!issuer) {
    throw subgraphError('FORBIDDEN', `${command} on ${machineName} is the issuing body's, and this record has no history to say who issued it`, { reason: 'ISSUER_UNKNOWN' });
  }
  if (bodyOf(actor) !== bodyOf(issuer)) {
    throw subgraphError('FORBIDDEN', `${command} on ${machineName} is taken by the body that issued the record (${bodyOf(issuer)}); the officer acts for ${bodyOf(actor)}`, {
      reason: 'NOT_ISSUER',
      issuedBy: bodyOf(issuer),
    });
  }
}
