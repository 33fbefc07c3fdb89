import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { loadPolicies } from '../policies/load-policies';
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

/** The service consumer the education subgraph reads finance through the gateway as. */
export const EXIT_CHECK_CONSUMER = 'education-exit-check';
export const DEV_SERVICE_TOKEN_FILE = join(DEV_KEYS_DIR, `${EXIT_CHECK_CONSUMER}.token`);

/** Signs a development token for a consumer of policies/consumers.json with the local key. */
export async function signDevToken(keys: DevKeys, consumerId: string, claims: Record<string, unknown>, ttlSeconds: number, subject?: string): Promise<string> {
  const consumer = loadPolicies().consumers.get(consumerId);
  if (!consumer) throw new Error(`no consumer '${consumerId}' in policies/consumers.json`);
  const key = await importJWK(keys.privateJwk, 'ES256');
  return new SignJWT({ scope: consumer.scopes.join(' '), azp: consumer.id, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: keys.privateJwk.kid as string, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(subject ?? `${consumer.id}:operator`)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

/** The service consumer the risk engine (intel/) reads and raises alerts as, nationwide. */
export const RISK_ENGINE_CONSUMER = 'risk-early-warning';
export const DEV_ENGINE_TOKEN_FILE = join(DEV_KEYS_DIR, `${RISK_ENGINE_CONSUMER}.token`);

/**
 * Keeps the education subgraph's development service token fresh in a file, as a token agent
 * would in production: one hour tokens, rewritten every half hour. Returns a stop function.
 */
export function keepDevServiceTokenFresh(keys: DevKeys, file = DEV_SERVICE_TOKEN_FILE): Promise<() => void> {
  return keepDevTokenFresh(keys, EXIT_CHECK_CONSUMER, { purpose: 'EXIT_SETTLEMENT_CHECK' }, file);
}

/** The same for the risk engine: a national system account acting for the joint conference. */
export function keepDevEngineTokenFresh(keys: DevKeys, file = DEV_ENGINE_TOKEN_FILE): Promise<() => void> {
  return keepDevTokenFresh(keys, RISK_ENGINE_CONSUMER, { purpose: 'RISK_EARLY_WARNING', region: '000000', agency: 'joint-conference' }, file);
}

async function keepDevTokenFresh(keys: DevKeys, consumer: string, claims: Record<string, unknown>, file: string): Promise<() => void> {
  const write = async () => {
    const token = await signDevToken(keys, consumer, claims, 3600, `${consumer}:service`);
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
  };
  await write();
  const timer = setInterval(() => void write(), 30 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
