import { randomBytes } from 'node:crypto';
import { resolveGatewayProofKey } from '../../../common/gateway-proof/gateway-proof-config';
import { signGatewayRequest, type ProvenRequest } from '../../../common/gateway-proof/gateway-proof';
import { createGatewayProofVerifier } from '../../../subgraphs/shared/gateway-proof-verifier';

describe('the gateway proof on subgraph requests', () => {
  const key = randomBytes(32);
  const request: ProvenRequest = { method: 'POST', path: '/graphql', audience: 'credit', requestId: 'r-1', body: '{"query":"{ __typename }"}' };
  const clock = { now: 1_800_000_000_000 };
  const verifier = () => createGatewayProofVerifier({ key, windowS: 5 }, { now: () => clock.now });

  it('accepts a fresh proof once and refuses its replay', () => {
    const check = verifier();
    const proof = signGatewayRequest(key, request, clock.now);
    expect(check.verify(proof, request)).toBeNull();
    expect(check.verify(proof, request)).toBe('REPLAYED');
  });

  it('refuses a missing, malformed, stale or future proof', () => {
    const check = verifier();
    expect(check.verify(undefined, request)).toBe('MISSING');
    expect(check.verify('v1;t=1;n=x;s=y', request)).toBe('MALFORMED');
    expect(check.verify(signGatewayRequest(key, request, clock.now - 6000), request)).toBe('STALE');
    expect(check.verify(signGatewayRequest(key, request, clock.now + 6000), request)).toBe('STALE');
    expect(check.verify(signGatewayRequest(key, request, clock.now - 4000), request)).toBeNull();
  });

  it('binds the proof to the body, the request id, the path, the method and the subgraph', () => {
    const check = verifier();
    const proof = signGatewayRequest(key, request, clock.now);
    for (const altered of [
      { ...request, body: '{"query":"{ _service { sdl } }"}' },
      { ...request, requestId: 'r-2' },
      { ...request, path: '/graphql?x=1' },
      { ...request, method: 'GET' },
      { ...request, audience: 'finance' },
    ]) expect(check.verify(proof, altered)).toBe('BAD_SIGNATURE');
    expect(check.verify(signGatewayRequest(randomBytes(32), request, clock.now), request)).toBe('BAD_SIGNATURE');
  });

  it('forgets nonces once their timestamps are stale anyway', () => {
    const check = verifier();
    const proof = signGatewayRequest(key, request, clock.now);
    expect(check.verify(proof, request)).toBeNull();
    clock.now += 6000;
    expect(check.verify(proof, request)).toBe('STALE');
    expect(check.verify(signGatewayRequest(key, request, clock.now), request)).toBeNull();
  });

  it('reads the key from GATEWAY_PROOF_KEY (hex or base64url, 32 bytes at least) without echoing it', () => {
    expect(resolveGatewayProofKey({})).toBeNull();
    expect(resolveGatewayProofKey({ GATEWAY_PROOF_KEY: key.toString('hex') })?.key.equals(key)).toBe(true);
    expect(resolveGatewayProofKey({ GATEWAY_PROOF_KEY: key.toString('base64url') })?.key.equals(key)).toBe(true);
    expect(resolveGatewayProofKey({ GATEWAY_PROOF_KEY: key.toString('hex'), GATEWAY_PROOF_WINDOW_S: '30' })?.windowS).toBe(30);
    expect(() => resolveGatewayProofKey({ GATEWAY_PROOF_KEY: 'abcd' })).toThrow(/GATEWAY_PROOF_KEY must be at least 32 bytes as hex or base64url, instead got "\(4 characters\)"/);
    expect(() => resolveGatewayProofKey({ GATEWAY_PROOF_KEY: key.toString('hex'), GATEWAY_PROOF_WINDOW_S: '61' })).toThrow(/GATEWAY_PROOF_WINDOW_S/);
  });
});
