import { createHash } from 'node:crypto';
import type { RecordContent } from './audit-entry';

/** prevHash of record 1: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped. The hash must
 * not depend on the order a caller happened to build an object in, and must be recomputable from
 * what the database gives back. Values JSON cannot carry (bigint, functions, symbols, cycles) are
 * refused rather than silently changed, so what is hashed is always what is stored.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // NaN and ±Infinity become null, as JSON.stringify does, so a stored body re-hashes alike.
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'object':
      break;
    default:
      throw new TypeError(`audit records hold JSON only, got a ${typeof value}`);
  }
  const object = value as object;
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    return write((object as { toJSON(): unknown }).toJSON(), seen);
  }
  if (seen.has(object)) throw new TypeError('audit records hold JSON only, got a circular structure');
  seen.add(object);
  let out: string;
  if (Array.isArray(object)) {
    out = `[${object.map((item) => (item === undefined ? 'null' : write(item, seen))).join(',')}]`;
  } else {
    const record = object as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      if (record[key] === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${write(record[key], seen)}`);
    }
    out = `{${parts.join(',')}}`;
  }
  seen.delete(object);
  return out;
}

/** sha256 hex over `prevHash + '\n' + canonical({seq, ...content})`: the link of record `seq`. */
export function chainHash(prevHash: string, seq: number, content: RecordContent): string {
  return chainHashWithBody(prevHash, seq, content, canonicalJson(content.body));
}

/**
 * The same hash when the body's canonical JSON is already known (the store keeps that text), so
 * an append canonicalizes each body once. Keys are written in the sorted order canonicalJson uses;
 * a unit test holds the two functions equal.
 */
export function chainHashWithBody(prevHash: string, seq: number, content: RecordContent, bodyJson: string): string {
  const s = JSON.stringify;
  const text =
    `{"body":${bodyJson},"consumer":${s(content.consumer)},"outcome":${s(content.outcome)},` +
    `"purpose":${s(content.purpose)},"requestId":${s(content.requestId)},"seq":${seq},` +
    `"subject":${s(content.subject)},"time":${s(content.time)},"type":${s(content.type)},` +
    `"usccs":[${content.usccs.map((u) => s(u)).join(',')}]}`;
  return createHash('sha256').update(prevHash).update('\n').update(text).digest('hex');
}
