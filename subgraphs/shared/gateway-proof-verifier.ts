import type { GatewayProofKey } from '../../common/gateway-proof/gateway-proof-config';
import { parseGatewayProof, proofMatches, type ProvenRequest } from '../../common/gateway-proof/gateway-proof';

export type ProofRefusal = 'MISSING' | 'MALFORMED' | 'STALE' | 'BAD_SIGNATURE' | 'REPLAYED' | 'REPLAY_CACHE_FULL';

export interface GatewayProofVerifier {
  /** Null when the request carries a valid, fresh, first-seen proof; otherwise why not. */
  verify(header: string | undefined, request: ProvenRequest): ProofRefusal | null;
}

/** Proofs accepted within one window; more means something other than the gateway holds the key. */
const MAX_REMEMBERED_NONCES = 1_000_000;

/**
 * Checks the gateway's proof on a subgraph request: the MAC first (so that only a key holder can
 * make the subgraph remember anything), then the timestamp against this clock, then that the
 * nonce was not seen within the window. A nonce is remembered until its timestamp is stale, after
 * which the timestamp check refuses it anyway.
 */
export function createGatewayProofVerifier(proofKey: GatewayProofKey, options: { now?: () => number } = {}): GatewayProofVerifier {
  const now = options.now ?? Date.now;
  const windowMs = proofKey.windowS * 1000;
  // Insertion order is roughly timestamp order, so expired nonces are swept from the front.
  const seen = new Map<string, number>();

  const sweep = (nowMs: number): void => {
    for (const [nonce, expiresAt] of seen) {
      if (expiresAt > nowMs) break;
      seen.delete(nonce);
    }
  };

  return {
    verify(header, request) {
      if (header === undefined || header === '') return 'MISSING';
      const proof = parseGatewayProof(header);
      if (!proof) return 'MALFORMED';
      if (!proofMatches(proofKey.key, request, proof)) return 'BAD_SIGNATURE';
      const nowMs = now();
      if (Math.abs(nowMs - proof.timestampMs) > windowMs) return 'STALE';
      sweep(nowMs);
      if (seen.has(proof.nonce)) return 'REPLAYED';
      if (seen.size >= MAX_REMEMBERED_NONCES) return 'REPLAY_CACHE_FULL';
      seen.set(proof.nonce, proof.timestampMs + windowMs);
      return null;
    },
  };
}
