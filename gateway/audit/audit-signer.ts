import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Signs checkpoints and the head anchor with the gateway's audit key. node:crypto rather than jose:
 * signing sits on the commit path, and a synchronous sign of a few dozen bytes costs tens of µs.
 * ES256 (P-256, the key type the rest of the project uses) and EdDSA (Ed25519) keys are accepted.
 */
export type AuditSignatureAlg = 'ES256' | 'EdDSA';

export interface AuditSigner {
  readonly alg: AuditSignatureAlg;
  readonly kid: string;
  /** base64url signature over the UTF-8 payload. */
  sign(payload: string): string;
}

export interface AuditVerifier {
  /** True only when a key with this kid (or the only key, when kid is unknown) verifies the signature. */
  verify(payload: string, signature: string, kid: string): boolean;
}

export const PRIVATE_KEY_FILE = 'audit-signing.private.jwk.json';
export const PUBLIC_KEY_FILE = 'audit-signing.public.jwk.json';

// Distinct prefixes, so a head-anchor signature can never pass as a checkpoint's, or the reverse.
export function checkpointPayload(seq: number, hash: string): string {
  return `edu-gateway-audit-checkpoint\n${seq}\n${hash}`;
}

export function headAnchorPayload(seq: number, hash: string): string {
  return `edu-gateway-audit-head\n${seq}\n${hash}`;
}

function algOf(jwk: JsonWebKey): AuditSignatureAlg {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  throw new TypeError(`audit signing key must be an EC P-256 or OKP Ed25519 JWK, got kty=${String(jwk.kty)} crv=${String(jwk.crv)}`);
}

/** RFC 7638 thumbprint: a kid that follows from the key itself, so it cannot be mislabelled. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function publicMembers(jwk: JsonWebKey): JsonWebKey {
  const { d: _d, ...rest } = jwk;
  return rest;
}

function rawSign(alg: AuditSignatureAlg, key: KeyObject, data: Buffer): Buffer {
  return alg === 'ES256' ? sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }) : sign(null, data, key);
}

function rawVerify(alg: AuditSignatureAlg, key: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    return alg === 'ES256' ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature) : verify(null, data, key, signature);
  } catch {
    return false; // a malformed signature is a bad signature, not a crash of the verifier
  }
}

export function createAuditSigner(privateJwk: JsonWebKey): AuditSigner {
  if (typeof privateJwk.d !== 'string') throw new TypeError('audit signing key must be a private JWK (it has no "d")');
  const alg = algOf(privateJwk);
  const key = createPrivateKey({ key: privateJwk, format: 'jwk' });
  const kid = typeof privateJwk.kid === 'string' ? privateJwk.kid : jwkThumbprint(privateJwk);
  return { alg, kid, sign: (payload) => rawSign(alg, key, Buffer.from(payload, 'utf8')).toString('base64url') };
}

/** Accepts one public JWK or several (after a key rotation old checkpoints keep their old kid). */
export function createAuditVerifier(publicJwks: JsonWebKey | readonly JsonWebKey[]): AuditVerifier {
  const list = (Array.isArray(publicJwks) ? publicJwks : [publicJwks]) as readonly JsonWebKey[];
  const keys = list.map((jwk) => ({
    alg: algOf(jwk),
    kid: typeof jwk.kid === 'string' ? jwk.kid : jwkThumbprint(jwk),
    key: createPublicKey({ key: publicMembers(jwk), format: 'jwk' }),
  }));
  return {
    verify(payload, signature, kid) {
      const key = keys.find((k) => k.kid === kid) ?? (keys.length === 1 ? keys[0] : undefined);
      if (!key || !/^[A-Za-z0-9_-]+$/.test(signature)) return false;
      return rawVerify(key.alg, key.key, Buffer.from(payload, 'utf8'), Buffer.from(signature, 'base64url'));
    },
  };
}

export interface AuditKeys {
  readonly privateJwk: JsonWebKey;
  readonly publicJwk: JsonWebKey;
  readonly privateFile: string;
  readonly publicFile: string;
}

/**
 * Makes the audit key pair in `dir` on first use (ES256, kid = thumbprint). The private file is
 * mode 0600; both are written to a temporary name and renamed, so a crash never leaves half a key.
 */
export function ensureAuditKeys(dir: string): AuditKeys {
  const privateFile = join(dir, PRIVATE_KEY_FILE);
  const publicFile = join(dir, PUBLIC_KEY_FILE);
  if (!existsSync(privateFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const privateJwk: JsonWebKey = { ...jwk, kid: jwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
    writeAtomically(privateFile, JSON.stringify(privateJwk), 0o600);
  }
  const privateJwk = JSON.parse(readFileSync(privateFile, 'utf8')) as JsonWebKey;
  const publicJwk = publicMembers(privateJwk);
  // The public half is derived every time, so it can never drift from the private key.
  if (!existsSync(publicFile) || readFileSync(publicFile, 'utf8') !== `${JSON.stringify(publicJwk, null, 2)}\n`) {
    writeAtomically(publicFile, `${JSON.stringify(publicJwk, null, 2)}\n`, 0o644);
  }
  return { privateJwk, publicJwk, privateFile, publicFile };
}

function writeAtomically(file: string, text: string, mode: number): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode });
  renameSync(temp, file);
}
