import { resolveAuthConfig } from '../../../common/auth/auth-config';
import { createTokenVerifier, TokenRejectedError } from '../../../common/auth/token-verifier';
import { createTestKeys, type TestKeys } from '../../helpers/test-keys';

describe('clock tolerance and the verified-token cache', () => {
  let keys: TestKeys;
  beforeAll(async () => {
    keys = await createTestKeys();
  });

  const verifierAt = (clock: { now: number }, env: NodeJS.ProcessEnv = {}) =>
    createTokenVerifier(resolveAuthConfig({ ...keys.env, ...env }), { now: () => clock.now });

  it('defaults to 5 s: a token is accepted 4 s after exp and refused 6 s after', async () => {
    expect(resolveAuthConfig({}).clockToleranceS).toBe(5);
    const token = await keys.sign({ scope: 'a' }, { expiresIn: '60s' });
    const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp * 1000;
    const clock = { now: exp + 4000 };
    await expect(verifierAt(clock).verify(`Bearer ${token}`)).resolves.toMatchObject({ authenticated: true });
    clock.now = exp + 6000;
    await expect(verifierAt(clock).verify(`Bearer ${token}`)).rejects.toMatchObject({ reason: 'ERR_JWT_EXPIRED' });
  });

  it('never serves a cached token past its exp: the next request after exp is verified again', async () => {
    const token = await keys.sign({ scope: 'a' }, { expiresIn: '60s' });
    const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp * 1000;
    const clock = { now: exp - 1000 };
    const verifier = verifierAt(clock, { AUTH_CLOCK_TOLERANCE_S: '0' });
    await verifier.verify(`Bearer ${token}`);
    // Cached while valid; one millisecond past exp the cache no longer answers and jose refuses.
    clock.now = exp + 1;
    const refused = await verifier.verify(`Bearer ${token}`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TokenRejectedError);
    expect((refused as TokenRejectedError).reason).toBe('ERR_JWT_EXPIRED');
  });

  it('builds the refined principal once per token and purpose header, and a different purpose gets its own', async () => {
    const refined: (string | null)[] = [];
    const verifier = createTokenVerifier(resolveAuthConfig(keys.env), {
      refine: (principal) => (refined.push(principal.purpose), Object.freeze({ ...principal, subject: `refined:${principal.purpose}` })),
    });
    const token = await keys.sign({ scope: 'a', purpose: 'FROM_TOKEN' }, { expiresIn: '60s' });
    const first = await verifier.verify(`Bearer ${token}`);
    expect(first).toMatchObject({ purpose: 'FROM_TOKEN', subject: 'refined:FROM_TOKEN' });
    expect(await verifier.verify(`Bearer ${token}`)).toBe(first);
    const inspection = await verifier.verify(`Bearer ${token}`, 'SUPERVISION_INSPECTION');
    expect(inspection).toMatchObject({ purpose: 'SUPERVISION_INSPECTION', subject: 'refined:SUPERVISION_INSPECTION' });
    expect(await verifier.verify(`Bearer ${token}`, 'SUPERVISION_INSPECTION')).toBe(inspection);
    expect(refined).toEqual(['FROM_TOKEN', 'SUPERVISION_INSPECTION']);
    // Past a handful of purposes, each further one is built every time and never remembered.
    for (let i = 0; i < 20; i += 1) await verifier.verify(`Bearer ${token}`, `P${i}`);
    await verifier.verify(`Bearer ${token}`, 'P19');
    expect(refined.filter((p) => p === 'P19')).toHaveLength(2);
    expect(refined.filter((p) => p === 'P0')).toHaveLength(1);
  });

  it('caps the tolerance at 60 s', () => {
    expect(resolveAuthConfig({ AUTH_CLOCK_TOLERANCE_S: '60' }).clockToleranceS).toBe(60);
    expect(() => resolveAuthConfig({ AUTH_CLOCK_TOLERANCE_S: '61' })).toThrow(/AUTH_CLOCK_TOLERANCE_S must be an integer from 0 to 60/);
  });
});
