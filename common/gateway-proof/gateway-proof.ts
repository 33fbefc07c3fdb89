import * as crypto from 'node:crypto';
import { createHash, createHmac, createSecretKey, randomFillSync, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * The proof that a subgraph request comes from the gateway: an HMAC-SHA256, with the key the
 * gateway and the subgraphs share, over the request's method, path, audience (the subgraph's
 * name), the gateway's request id, a timestamp, a single-use nonce and the SHA-256 of the body.
 * Sent as `x-gateway-proof: v1;t=<unix ms>;n=<nonce>;s=<mac>` (base64url).
 */
export const GATEWAY_PROOF_HEADER = 'x-gateway-proof';
export const REQUEST_ID_HEADER = 'x-request-id';

export interface ProvenRequest {
  readonly method: string;
  /** Path and query string as sent (`/graphql`). */
  readonly path: string;
  /** The subgraph the request is meant for, so a proof for one cannot be replayed at another. */
  readonly audience: string;
  readonly requestId: string;
  readonly body: string | Buffer;
  /** SHA-256 (hex) of `body`, when the caller has it already (the gateway hashes each body once, for the proof and the audit). */
  readonly bodyHash?: string;
}

export interface ParsedProof {
  readonly timestampMs: number;
  readonly nonce: string;
  readonly mac: Buffer;
}

/**
 * Node's one-shot `crypto.hash` (20.12 and later) where there is one: the gateway hashes two bodies
 * per subgraph fetch, and a Hash object per call was most of the cost of hashing the small ones.
 */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;

export function sha256Hex(body: string | Buffer): string {
  return oneShotHash ? oneShotHash('sha256', body, 'hex') : createHash('sha256').update(body).digest('hex');
}

/** The shared key imported once per key, not for every proof (createHmac with a Buffer imports it each call). */
const importedKeys = new WeakMap<Buffer, KeyObject>();

function keyObjectOf(key: Buffer): KeyObject {
  let imported = importedKeys.get(key);
  if (!imported) {
    imported = createSecretKey(key);
    importedKeys.set(key, imported);
  }
  return imported;
}

function macOf(key: Buffer, request: ProvenRequest, timestampMs: number, nonce: string): Buffer {
  const bodyHash = request.bodyHash ?? sha256Hex(request.body);
  const signed = `v1\n${request.method.toUpperCase()}\n${request.path}\n${request.audience}\n${request.requestId}\n${timestampMs}\n${nonce}\n${bodyHash}`;
  return createHmac('sha256', keyObjectOf(key)).update(signed).digest();
}

/** Nonces are cut from one random buffer refilled every 256 proofs: one call for entropy, not one per request. */
const NONCE_BYTES = 16;
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nonceOffset = noncePool.length;

function nextNonce(): string {
  if (nonceOffset === noncePool.length) {
    randomFillSync(noncePool);
    nonceOffset = 0;
  }
  const nonce = noncePool.toString('base64url', nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}

export function signGatewayRequest(key: Buffer, request: ProvenRequest, timestampMs: number = Date.now()): string {
  const nonce = nextNonce();
  return `v1;t=${timestampMs};n=${nonce};s=${macOf(key, request, timestampMs, nonce).toString('base64url')}`;
}

export function parseGatewayProof(header: string | undefined): ParsedProof | null {
  const match = header ? /^v1;t=(\d{1,15});n=([A-Za-z0-9_-]{16,64});s=([A-Za-z0-9_-]{43})$/.exec(header) : null;
  if (!match) return null;
  return { timestampMs: Number(match[1]), nonce: match[2] as string, mac: Buffer.from(match[3] as string, 'base64url') };
}

/** Constant-time comparison of the proof's MAC with the one the request deserves. */
export function proofMatches(key: Buffer, request: ProvenRequest, proof: ParsedProof): boolean {
  const expected = macOf(key, request, proof.timestampMs, proof.nonce);
  return proof.mac.length === expected.length && timingSafeEqual(proof.mac, expected);
}
