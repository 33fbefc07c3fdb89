import { randomBytes } from 'node:crypto';
import { resolveSubgraphConfig } from '../../../subgraphs/config';

describe('a subgraph\'s start-up configuration', () => {
  const key = randomBytes(32).toString('hex');
  // The credit-facts key file is only named here; main.ts reads it.
  const sealing = { CREDIT_FACTS_KEY_FILE: '/run/secrets/credit_facts_key' };

  it('refuses to start without the gateway proof key: deny by default', () => {
    expect(() => resolveSubgraphConfig('market', {})).toThrow(/GATEWAY_PROOF_KEY must be set \(or GATEWAY_PROOF_KEY_FILE\)/);
    expect(resolveSubgraphConfig('market', { GATEWAY_PROOF_KEY: key, ...sealing }).gatewayProof.windowS).toBe(5);
  });

  it('stops at start-up when GATEWAY_PROOF_EXEMPT, a removed stopgap, is still set: nothing is exempt from the proof', () => {
    expect(() => resolveSubgraphConfig('market', { GATEWAY_PROOF_KEY: key, ...sealing, GATEWAY_PROOF_EXEMPT: 'mutations' })).toThrow(/GATEWAY_PROOF_EXEMPT must be unset \(the exemption was removed/);
    expect(resolveSubgraphConfig('market', { GATEWAY_PROOF_KEY: key, ...sealing, GATEWAY_PROOF_EXEMPT: '' }).agency).toBe('market');
  });

  it('refuses to start any agency without the credit-facts key, naming the option', () => {
    for (const agency of ['education', 'market', 'credit', 'ip', 'finance']) {
      expect(() => resolveSubgraphConfig(agency, { GATEWAY_PROOF_KEY: key, PERSONAL_DATA_KEY_FILE: '/k.json' })).toThrow(/CREDIT_FACTS_KEY_FILE must be a key file/);
    }
    expect(resolveSubgraphConfig('credit', { GATEWAY_PROOF_KEY: key, ...sealing }).creditFactsKeyFile).toBe('/run/secrets/credit_facts_key');
  });

  it('takes the agency store from DATABASE_URL, SQLite by default, and stops on a bad URL naming the option, the form and the value', () => {
    const base = { GATEWAY_PROOF_KEY: key, ...sealing };
    expect(resolveSubgraphConfig('market', base)).toMatchObject({ databaseUrl: null, databasePoolSize: 10 });
    expect(resolveSubgraphConfig('market', { ...base, DATABASE_URL: 'postgresql://market:pw@db.internal:5432/edu_market', DATABASE_POOL_SIZE: '4' }))
      .toMatchObject({ databaseUrl: 'postgresql://market:pw@db.internal:5432/edu_market', databasePoolSize: 4 });
    expect(() => resolveSubgraphConfig('market', { ...base, DATABASE_URL: 'mysql://market:secret@db/edu' })).toThrow(/DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(() => resolveSubgraphConfig('market', { ...base, DATABASE_URL: 'mysql://market:secret@db/edu' })).not.toThrow(/secret/);
    expect(() => resolveSubgraphConfig('market', { ...base, DATABASE_URL: 'db.internal:5432' })).toThrow(/DATABASE_URL must be/);
    expect(() => resolveSubgraphConfig('market', { ...base, DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE must be an integer from 1 to 100/);
  });
});
