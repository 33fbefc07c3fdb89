import { PolicyError } from './policy-error';

/** One registered operation, as `@apollo/generate-persisted-query-manifest` writes it. */
export interface PersistedOperation {
  /** What clients send in `extensions.persistedQuery.sha256Hash` (or `documentId`); usually the body's SHA-256. */
  readonly id: string;
  readonly name: string;
  readonly type: 'query' | 'mutation' | 'subscription';
  readonly body: string;
}

export const MANIFEST_FORMAT = 'apollo-persisted-query-manifest';

/**
 * Reads an Apollo persisted-query manifest (`{"format": "apollo-persisted-query-manifest",
 * "version": 1, "operations": [...]}`), the format Apollo Router, GraphOS and Cosmo accept.
 */
export function parsePersistedOperationManifest(value: unknown, where: string): readonly PersistedOperation[] {
  const fail = (message: string): never => {
    throw new PolicyError(`${where}: ${message}`);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('must be a JSON object');
  const manifest = value as { format?: unknown; version?: unknown; operations?: unknown };
  if (manifest.format !== MANIFEST_FORMAT) fail(`format must be '${MANIFEST_FORMAT}', instead got ${JSON.stringify(manifest.format)}`);
  if (manifest.version !== 1) fail(`version must be 1, instead got ${JSON.stringify(manifest.version)}`);
  if (!Array.isArray(manifest.operations)) fail('operations must be an array');
  const seen = new Set<string>();
  return Object.freeze((manifest.operations as unknown[]).map((raw, i) => {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const { id, name, type, body } = entry;
    if (typeof id !== 'string' || id === '') fail(`operations[${i}].id must be a non-empty string`);
    if (seen.has(id as string)) fail(`operations[${i}].id '${String(id)}' is listed twice`);
    seen.add(id as string);
    if (typeof name !== 'string') fail(`operations[${i}].name must be a string`);
    if (type !== 'query' && type !== 'mutation' && type !== 'subscription') fail(`operations[${i}].type must be query, mutation or subscription`);
    if (typeof body !== 'string' || body.trim() === '') fail(`operations[${i}].body must be a non-empty string`);
    return Object.freeze({ id, name, type, body } as PersistedOperation);
  }));
}
