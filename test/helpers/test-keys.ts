import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const TEST_ISSUER = 'urn:test:issuer';
export const TEST_AUDIENCE = 'urn:test:gateway';

export interface TestKeys {
  readonly jwksFile: string;
  readonly publicJwk: JWK;
  readonly env: NodeJS.ProcessEnv;
  sign(claims: JWTPayload, options?: { expiresIn?: string; issuer?: string; audience?: string; kid?: string; notBefore?: string }): Promise<string>;
}

/** A real ES256 key pair and its JWKS file, as an identity provider would publish it. */
export async function createTestKeys(): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'ES256', use: 'sig' };
  const jwksFile = join(mkdtempSync(join(tmpdir(), 'edu-gw-keys-')), 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [publicJwk] }));
  return {
    jwksFile,
    publicJwk,
    env: { AUTH_JWKS_FILE: jwksFile, AUTH_ISSUER: TEST_ISSUER, AUTH_AUDIENCE: TEST_AUDIENCE },
    sign: (claims, options = {}) => signWith(privateKey, claims, options),
  };
}

function signWith(key: CryptoKey, claims: JWTPayload, options: { expiresIn?: string; issuer?: string; audience?: string; kid?: string; notBefore?: string }): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? 'test-key-1' })
    .setIssuer(options.issuer ?? TEST_ISSUER)
    .setAudience(options.audience ?? TEST_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m');
  if (options.notBefore) jwt.setNotBefore(options.notBefore);
  return jwt.sign(key);
}
