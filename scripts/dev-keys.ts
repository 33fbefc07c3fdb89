import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { PROJECT_ROOT } from '../common/project-root';

/** Development signing key: made on first `npm start`, git-ignored, trusted only in development mode. */
export const DEV_KEYS_DIR = join(PROJECT_ROOT, '.dev-keys');
export const DEV_ISSUER = 'urn:edu-gateway:dev-issuer';
export const DEV_AUDIENCE = 'urn:edu-gateway';

export interface DevKeys {
  readonly privateJwk: JWK;
  readonly jwksFile: string;
}

export async function ensureDevKeys(): Promise<DevKeys> {
  const privateFile = join(DEV_KEYS_DIR, 'private.jwk.json');
  const jwksFile = join(DEV_KEYS_DIR, 'jwks.json');
  if (!existsSync(privateFile) || !existsSync(jwksFile)) {
    mkdirSync(DEV_KEYS_DIR, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `dev-${new Date().toISOString().slice(0, 10)}`;
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    writeFileSync(privateFile, JSON.stringify(privateJwk), { mode: 0o600 });
    writeFileSync(jwksFile, JSON.stringify({ keys: [publicJwk] }, null, 2));
  }
  return { privateJwk: JSON.parse(readFileSync(privateFile, 'utf8')) as JWK, jwksFile };
}

/** True when the operator configured real keys; the development key is then not trusted. */
export function operatorConfiguredAuth(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.AUTH_JWKS_URL || env.AUTH_JWKS_FILE);
}

export function devAuthEnv(keys: DevKeys): NodeJS.ProcessEnv {
  return { AUTH_JWKS_FILE: keys.jwksFile, AUTH_ISSUER: DEV_ISSUER, AUTH_AUDIENCE: DEV_AUDIENCE };
}
