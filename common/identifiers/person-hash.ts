import { createHmac } from 'node:crypto';

/**
 * The keyed hash under which a resident ID number may leave the subgraph that holds it. Every
 * agency uses the same key, so one person links across agencies without the number travelling.
 */
export function hashResidentId(residentId: string, key: string): string {
  return createHmac('sha256', key).update(residentId).digest('hex');
}

/** The key the seeded development data is hashed under; production data brings its own. */
export const SEED_PERSON_HASH_KEY = 'seed-only person-hash key; not a secret';
