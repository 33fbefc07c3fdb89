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
});
