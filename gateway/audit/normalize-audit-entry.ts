import { canonicalJson } from './audit-chain';
import type { AuditEntry } from './audit-entry';

/** An entry in the exact form the store writes and the verifier reads back. */
export interface NormalizedEntry {
  readonly entry: AuditEntry;
  /** canonicalJson(entry.body), computed once and stored as the `body` column. */
  readonly bodyJson: string;
}

/**
 * Checks one entry and puts it in stored form: only the known fields, `usccs` as a sorted set (the
 * index table has no order), absent nullable fields as null. Throws a TypeError naming the problem;
 * the group committer calls this per caller, so one bad entry fails only its own request.
 */
export function normalizeAuditEntry(entry: AuditEntry): NormalizedEntry {
  return { entry: checkAuditEntry(entry), bodyJson: canonicalJson(entry.body) };
}

/** The records of one request share their time: it is parsed once, not once per record. */
let lastValidTime = '';

/** The checks of normalizeAuditEntry without serializing the body: cheap enough for every request. */
export function checkAuditEntry(entry: AuditEntry): AuditEntry {
  if (entry.type !== 'operation' && entry.type !== 'fetch') throw new TypeError(`audit entry type must be 'operation' or 'fetch', got ${JSON.stringify(entry.type)}`);
  // Only toISOString() form: stored times are compared as text by `query --since`.
  if (entry.time !== lastValidTime) {
    if (typeof entry.time !== 'string' || Number.isNaN(Date.parse(entry.time)) || new Date(entry.time).toISOString() !== entry.time) {
      throw new TypeError(`audit entry time must be an ISO timestamp as toISOString() writes it, got ${JSON.stringify(entry.time)}`);
    }
    lastValidTime = entry.time;
  }
  if (typeof entry.requestId !== 'string') throw new TypeError('audit entry requestId must be a string');
  if (typeof entry.outcome !== 'string') throw new TypeError('audit entry outcome must be a string');
  const nullable = (name: string, value: unknown): string | null => {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw new TypeError(`audit entry ${name} must be a string or null`);
    return value;
  };
  if (!Array.isArray(entry.usccs) || entry.usccs.some((u) => typeof u !== 'string')) throw new TypeError('audit entry usccs must be an array of strings');
  if (typeof entry.body !== 'object' || entry.body === null || Array.isArray(entry.body)) throw new TypeError('audit entry body must be an object');
  const usccs = entry.usccs.length < 2 ? [...entry.usccs] : [...new Set(entry.usccs)].sort();
  return {
    type: entry.type,
    time: entry.time,
    requestId: entry.requestId,
    consumer: nullable('consumer', entry.consumer),
    subject: nullable('subject', entry.subject),
    purpose: nullable('purpose', entry.purpose),
    usccs,
    outcome: entry.outcome,
    body: entry.body,
  };
}

/**
 * A normalized entry as it crosses to the audit worker: the fields in a fixed order and the body
 * as its canonical text, which is all the store writes. A structured clone of a few strings costs
 * a third of JSON text that the worker would parse and canonicalize again.
 */
export type WireEntry = readonly [
  type: AuditEntry['type'], time: string, requestId: string, consumer: string | null, subject: string | null, purpose: string | null,
  outcome: string, usccs: readonly string[], bodyJson: string,
];

export function toWire({ entry, bodyJson }: NormalizedEntry): WireEntry {
  return [entry.type, entry.time, entry.requestId, entry.consumer, entry.subject, entry.purpose, entry.outcome, entry.usccs, bodyJson];
}

/** The body stays text on this side: it is hashed and stored as it came. */
const BODY_AS_TEXT: Readonly<Record<string, unknown>> = Object.freeze({});

export function fromWire(wire: WireEntry): NormalizedEntry {
  const [type, time, requestId, consumer, subject, purpose, outcome, usccs, bodyJson] = wire;
  return { entry: { type, time, requestId, consumer, subject, purpose, usccs, outcome, body: BODY_AS_TEXT }, bodyJson };
}
