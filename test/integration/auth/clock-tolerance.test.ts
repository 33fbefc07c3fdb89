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

  it('caps the tolerance at 60 s', () => {
    expect(resolveAuthConfig({ AUTH_CLOCK_TOLERANCE_S: '60' }).clockToleranceS).toBe(60);
    expect(() => resolveAuthConfig({ AUTH_CLOCK_TOLERANCE_S: '61' })).toThrow(/AUTH_CLOCK_TOLERANCE_S must be an integer from 0 to 60/);
  });
});
