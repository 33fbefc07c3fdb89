import { sha256Hex } from '../../common/gateway-proof/gateway-proof';
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
  return write(value, []);
}

/**
 * One pass of string building: `ancestors` (the objects being written, a handful deep) finds
 * cycles; keys already in order, as the gateway builds its bodies, are not sorted again.
 */
function write(value: unknown, ancestors: object[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
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
    return write((object as { toJSON(): unknown }).toJSON(), ancestors);
  }
  // A list of strings (fields served, USCCs...) is written alike by JSON.stringify, natively.
  if (Array.isArray(object) && object.every(isString)) return JSON.stringify(object);
  if (ancestors.includes(object)) throw new TypeError('audit records hold JSON only, got a circular structure');
  ancestors.push(object);
  let out: string;
  if (Array.isArray(object)) {
    out = '[';
    for (let i = 0; i < object.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = object[i];
      out += item === undefined ? 'null' : write(item, ancestors);
    }
    out += ']';
  } else {
    const record = object as Record<string, unknown>;
    const keys = Object.keys(record);
    let sorted = true;
    for (let i = 1; i < keys.length; i++) {
      if ((keys[i - 1] as string) > (keys[i] as string)) {
        sorted = false;
        break;
      }
    }
    // Keys in order and nothing below but scalars and lists of strings: JSON.stringify writes
    // exactly this, natively (members in key order, undefined ones left out).
    if (sorted && keys.every((key) => isFlat(record[key]))) {
      ancestors.pop();
      return JSON.stringify(record);
    }
    if (!sorted) keys.sort();
    out = '{';
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      if (out.length > 1) out += ',';
      out += `${JSON.stringify(key)}:${write(member, ancestors)}`;
    }
    out += '}';
  }
  ancestors.pop();
  return out;
}

function isString(item: unknown): boolean {
  return typeof item === 'string';
}

function isFlat(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return true;
    case 'object':
      return Array.isArray(value) && value.every(isString);
    default:
      return false;
  }
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
    `"usccs":${s(content.usccs)}}`;
  return sha256Hex(`${prevHash}\n${text}`);
}
