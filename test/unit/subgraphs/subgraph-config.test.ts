import { randomBytes } from 'node:crypto';
import { resolveSubgraphConfig } from '../../../subgraphs/config';

describe('a subgraph\'s start-up configuration', () => {
  const key = randomBytes(32).toString('hex');

  it('refuses to start without the gateway proof key: deny by default', () => {
    expect(() => resolveSubgraphConfig('market', {})).toThrow(/GATEWAY_PROOF_KEY must be set \(or GATEWAY_PROOF_KEY_FILE\)/);
    expect(resolveSubgraphConfig('market', { GATEWAY_PROOF_KEY: key }).gatewayProof.windowS).toBe(5);
  });

  it('stops at start-up when GATEWAY_PROOF_EXEMPT, a removed stopgap, is still set: nothing is exempt from the proof', () => {
    expect(() => resolveSubgraphConfig('market', { GATEWAY_PROOF_KEY: key, GATEWAY_PROOF_EXEMPT: 'mutations' })).toThrow(/GATEWAY_PROOF_EXEMPT must be unset \(the exemption was removed/);
    expect(resolveSubgraphConfig('market', { GATEWAY_PROOF_KEY: key, GATEWAY_PROOF_EXEMPT: '' }).agency).toBe('market');
  });
});
