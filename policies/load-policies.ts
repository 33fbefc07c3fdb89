import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';
import { CALLER_LIMIT_KEYS, MAX_LIMIT_VALUE, type CallerLimits } from './caller-limits';
import { PolicyError } from './policy-error';
import { parsePersistedOperationManifest, type PersistedOperation } from './persisted-operation-manifest';

export type SharingClass = 'UNCONDITIONAL' | 'CONDITIONAL' | 'NOT_SHARED';
export type PersonalInformationLevel = 'none' | 'PI' | 'sensitive' | 'minor';

/** One entry of the scope catalogue: what a scope opens, who owns it, and on what terms. */
export interface ScopeEntry {
  readonly scope: string;
  readonly owner: string;
  readonly catalogueItem: string;
  readonly description: string;
  readonly sharingClass: SharingClass;
  readonly personalInformation: PersonalInformationLevel;
}

/** A ministry system allowed to call the gateway, with its grant and declared purposes. */
export interface Consumer {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly purposes: readonly string[];
  /** Overrides of the gateway's default limits for this consumer (`limits` in consumers.json). */
  readonly limits: Readonly<Partial<CallerLimits>>;
  /** The operations this consumer registered (Apollo persisted-query manifest, `persistedOperations`). */
  readonly persistedOperations: readonly PersistedOperation[];
  /** True: the consumer may run only its registered operations (`safelist` in consumers.json). */
  readonly safelist: boolean;
  /**
   * AGENCY (a ministry system, the default) or INSTITUTION: an institution acting as itself, whose
   * tokens carry its USCC (`uscc` claim) and which may read only what concerns that USCC.
   */
  readonly kind: ConsumerKind;
}

export type ConsumerKind = 'AGENCY' | 'INSTITUTION';
const CONSUMER_KINDS: readonly ConsumerKind[] = ['AGENCY', 'INSTITUTION'];

export interface Policies {
  readonly scopes: ReadonlyMap<string, ScopeEntry>;
  readonly consumers: ReadonlyMap<string, Consumer>;
  /** Field coordinates (`Type.field`) that are public by law and so carry no requirement. */
  readonly publicFields: ReadonlySet<string>;
  readonly purposes: ReadonlyMap<string, string>;
}

const SHARING = new Set<SharingClass>(['UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED']);
const PI = new Set<PersonalInformationLevel>(['none', 'PI', 'sensitive', 'minor']);
const SCOPE_FORM = /^[a-z]+:[a-z-]+:[a-z]+$/;

export { PolicyError };

/**
 * Parses and cross-checks the policy files: every scope well-formed and catalogued, every
 * consumer's scopes and purposes known. The result is frozen; a bad file stops the boot.
 */
export function parsePolicies(files: {
  scopes: unknown;
  consumers: unknown;
  publicFields: unknown;
  purposes: unknown;
  /** Manifest files by the path a consumer's `persistedOperations` names. */
  manifests?: Readonly<Record<string, unknown>>;
}): Policies {
  const fail = (message: string): never => {
    throw new PolicyError(message);
  };
  const purposes = new Map<string, string>();
  for (const [code, description] of Object.entries(asRecord(files.purposes, 'purposes.json'))) {
    if (!/^[A-Z][A-Z_]+$/.test(code)) fail(`purposes.json: purpose code must be SCREAMING_SNAKE, instead got '${code}'`);
    purposes.set(code, String(description));
  }
  const scopes = new Map<string, ScopeEntry>();
  for (const [scope, raw] of Object.entries(asRecord(files.scopes, 'scopes.json'))) {
    const entry = asRecord(raw, `scopes.json '${scope}'`);
    if (!SCOPE_FORM.test(scope)) fail(`scopes.json: scope must look like '<agency>:<resource>:<action>', instead got '${scope}'`);
    if (!SHARING.has(entry.sharingClass as SharingClass)) fail(`scopes.json '${scope}': sharingClass must be UNCONDITIONAL, CONDITIONAL or NOT_SHARED, instead got '${String(entry.sharingClass)}'`);
    if (!PI.has(entry.personalInformation as PersonalInformationLevel)) fail(`scopes.json '${scope}': personalInformation must be none, PI, sensitive or minor, instead got '${String(entry.personalInformation)}'`);
    for (const key of ['owner', 'catalogueItem', 'description'] as const) {
      if (typeof entry[key] !== 'string' || entry[key] === '') fail(`scopes.json '${scope}': ${key} must be a non-empty string`);
    }
    scopes.set(scope, Object.freeze({ scope, ...(entry as Omit<ScopeEntry, 'scope'>) }));
  }
  const consumers = new Map<string, Consumer>();
  for (const [id, raw] of Object.entries(asRecord(files.consumers, 'consumers.json'))) {
    const entry = asRecord(raw, `consumers.json '${id}'`);
    const granted = asStringArray(entry.scopes, `consumers.json '${id}'.scopes`);
    const declared = asStringArray(entry.purposes, `consumers.json '${id}'.purposes`);
    for (const scope of granted) {
      const known = scopes.get(scope);
      if (!known) fail(`consumers.json '${id}': unknown scope '${scope}'${suggest(scope, [...scopes.keys()])}`);
      if (known?.sharingClass === 'NOT_SHARED') fail(`consumers.json '${id}': scope '${scope}' is NOT_SHARED and cannot be granted`);
    }
    for (const purpose of declared) if (!purposes.has(purpose)) fail(`consumers.json '${id}': unknown purpose '${purpose}'${suggest(purpose, [...purposes.keys()])}`);
    const limits = parseLimits(entry.limits, `consumers.json '${id}'.limits`);
    if (entry.safelist !== undefined && typeof entry.safelist !== 'boolean') fail(`consumers.json '${id}'.safelist must be true or false`);
    let persistedOperations: readonly PersistedOperation[] = [];
    if (entry.persistedOperations !== undefined) {
      const path = entry.persistedOperations;
      if (typeof path !== 'string' || !/^[\w./-]+\.json$/.test(path) || path.includes('..')) {
        fail(`consumers.json '${id}'.persistedOperations must be a .json path inside policies/`);
      }
      const manifest = files.manifests?.[path as string];
      if (manifest === undefined) fail(`consumers.json '${id}'.persistedOperations: no manifest at policies/${String(path)}`);
      persistedOperations = parsePersistedOperationManifest(manifest, `policies/${String(path)}`);
    }
    const kind = (entry.kind ?? 'AGENCY') as ConsumerKind;
    if (!CONSUMER_KINDS.includes(kind)) fail(`consumers.json '${id}'.kind must be AGENCY or INSTITUTION, instead got '${String(entry.kind)}'`);
    if (entry.safelist === true && persistedOperations.length === 0) {
      fail(`consumers.json '${id}': safelist is true but the consumer registered no persistedOperations`);
    }
    consumers.set(id, Object.freeze({
      id,
      name: String(entry.name ?? id),
      scopes: Object.freeze(granted),
      purposes: Object.freeze(declared),
      limits,
      persistedOperations,
      safelist: entry.safelist === true,
      kind,
    }));
  }
  const publicFields = new Set(asStringArray(files.publicFields, 'public-fields.json'));
  for (const coordinate of publicFields) {
    if (!/^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(coordinate)) fail(`public-fields.json: '${coordinate}' is not a 'Type.field' coordinate`);
  }
  return Object.freeze({ scopes, consumers, publicFields, purposes });
}

export const POLICIES_DIR = join(PROJECT_ROOT, 'policies');

export function loadPolicies(dir: string = POLICIES_DIR): Policies {
  const read = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  const consumers = read('consumers.json');
  const manifests: Record<string, unknown> = {};
  for (const entry of Object.values(asRecord(consumers, 'consumers.json'))) {
    const path = (entry as { persistedOperations?: unknown } | null)?.persistedOperations;
    if (typeof path === 'string' && !path.includes('..')) {
      try {
        manifests[path] = read(path);
      } catch (error) {
        throw new PolicyError(`policies/${path} cannot be read: ${(error as Error).message}`);
      }
    }
  }
  return parsePolicies({
    scopes: read('scopes.json'),
    consumers,
    publicFields: read('public-fields.json'),
    purposes: read('purposes.json'),
    manifests,
  });
}

function parseLimits(value: unknown, where: string): Readonly<Partial<CallerLimits>> {
  if (value === undefined) return Object.freeze({});
  const record = asRecord(value, where);
  const limits: Partial<Record<keyof CallerLimits, number>> = {};
  for (const [key, raw] of Object.entries(record)) {
    if (!(CALLER_LIMIT_KEYS as readonly string[]).includes(key)) {
      throw new PolicyError(`${where}: unknown limit '${key}'${suggest(key, CALLER_LIMIT_KEYS)}`);
    }
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > MAX_LIMIT_VALUE) {
      throw new PolicyError(`${where}.${key} must be an integer from 1 to ${MAX_LIMIT_VALUE}, instead got ${JSON.stringify(raw)}`);
    }
    limits[key as keyof CallerLimits] = raw;
  }
  return Object.freeze(limits);
}

function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PolicyError(`${where} must be a JSON object`);
  return value as Record<string, unknown>;
}

function asStringArray(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new PolicyError(`${where} must be an array of strings`);
  return value as string[];
}

/** graphql-js style "Did you mean" for a misspelt name. */
export function suggest(input: string, options: readonly string[]): string {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i += 1) {
      let previous = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j += 1) {
        const current = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length]!;
  };
  const close = options.filter((o) => distance(input, o) <= Math.max(2, Math.floor(input.length / 4))).slice(0, 3);
  return close.length ? `. Did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : '';
}
