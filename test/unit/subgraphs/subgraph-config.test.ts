import { randomBytes } from 'node:crypto';
import { resolveSubgraphConfig } from '../../../subgraphs/config';

describe('a subgraph\'s start-up configuration', () => {
  const key = randomBytes(32).toString('hex');

  it('refuses to start without the gateway proof key: deny by default', () => {
    expect(() => resolveSubgraphConfig('market', {})).toThrow(/GATEWAY_PROOF_KEY must be set \(or GATEWAY_PROOF_KEY_FILE\)/);
    expect(resolveSubgraphConfig('market', { GATEWAY_PROOF_KEY: key }).gatewayProof.windowS).toBe(5);
  });

  it('exempts mutations from the proof only when told to, and only mutations', () => {
    expect(resolveSubgraphConfig('market', { GATEWAY_PROOF_KEY: key }).proofExemptMutations).toBe(false);
    expect(resolveSubgraphConfig('market', { GATEWAY_PROOF_KEY: key, GATEWAY_PROOF_EXEMPT: 'mutations' }).proofExemptMutations).toBe(true);
    expect(() => resolveSubgraphConfig('market', { GATEWAY_PROOF_KEY: key, GATEWAY_PROOF_EXEMPT: 'queries' })).toThrow(/GATEWAY_PROOF_EXEMPT must be unset or 'mutations'/);
  });
});
