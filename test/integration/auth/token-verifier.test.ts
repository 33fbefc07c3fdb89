import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { resolveAuthConfig } from '../../../common/auth/auth-config';
import { createTokenVerifier, TokenRejectedError } from '../../../common/auth/token-verifier';

const ISSUER = 'urn:test:issuer';
const AUDIENCE = 'urn:test:gateway';

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const sign = (claims: Record<string, unknown> = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(privateKey);
  return { publicJwk, sign };
}

describe('token verification against a JWKS URL', () => {
  let server: Server;
  let published: JWK[] = [];
  let fetches = 0;
  let url: string;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      fetches += 1;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses unknown kids within the cooldown and caps refetches, then sees the rotated key', async () => {
    const first = await keyPair('k1');
    const second = await keyPair('k2');
    const forged = await keyPair('k-unknown');
    published = [first.publicJwk];
    const verifier = createTokenVerifier(
      resolveAuthConfig({ AUTH_JWKS_URL: url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWKS_COOLDOWN_S: '30' }),
    );
    const principal = await verifier.verify(`Bearer ${await first.sign({ scope: 'a b', azp: 'c1' })}`);
    expect([...principal.scopes]).toEqual(['a', 'b']);
    expect(principal.consumer).toBe('c1');
    const afterFirst = fetches;

    // Rotation: the issuer publishes k2 and starts signing with it. Within the cooldown jose does
    // not refetch, so the unknown kid is refused rather than hammering the issuer...
    published = [first.publicJwk, second.publicJwk];
    const rotated = await second.sign({ scope: 'x' });
    await expect(verifier.verify(`Bearer ${rotated}`)).rejects.toBeInstanceOf(TokenRejectedError);
    // ...and a flood of made-up kids costs at most that one extra fetch.
    for (let i = 0; i < 20; i += 1) {
      await expect(verifier.verify(`Bearer ${await forged.sign()}`)).rejects.toMatchObject({ reason: 'ERR_JWKS_NO_MATCHING_KEY' });
    }
    expect(fetches - afterFirst).toBeLessThanOrEqual(1);

    // After the cooldown, a new verifier (same config, fresh cache) sees k2 at once.
    const fresh = createTokenVerifier(
      resolveAuthConfig({ AUTH_JWKS_URL: url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWKS_COOLDOWN_S: '0' }),
    );
    await fresh.verify(`Bearer ${await first.sign()}`);
    expect([...(await fresh.verify(`Bearer ${rotated}`)).scopes]).toEqual(['x']);
  });

  it('refetches on an unknown kid once the cooldown allows it', async () => {
    const first = await keyPair('r1');
    const second = await keyPair('r2');
    published = [first.publicJwk];
    const verifier = createTokenVerifier(
      resolveAuthConfig({ AUTH_JWKS_URL: url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWKS_COOLDOWN_S: '0' }),
    );
    await verifier.verify(`Bearer ${await first.sign()}`);
    published = [first.publicJwk, second.publicJwk];
    const principal = await verifier.verify(`Bearer ${await second.sign({ scp: ['p', 'q'] })}`);
    expect([...principal.scopes].sort()).toEqual(['p', 'q']);
  });

  it('refuses to start with keys but no issuer or audience, naming the option', () => {
    expect(() => resolveAuthConfig({ AUTH_JWKS_URL: url })).toThrow(/AUTH_ISSUER must be set whenever keys are configured/);
    expect(() => resolveAuthConfig({ AUTH_JWKS_URL: url, AUTH_ISSUER: ISSUER })).toThrow(/AUTH_AUDIENCE/);
    expect(() => resolveAuthConfig({ AUTH_CLOCK_TOLERANCE_S: '300' })).toThrow(/AUTH_CLOCK_TOLERANCE_S must be an integer from 0 to 60, instead got "300"/);
  });
});
