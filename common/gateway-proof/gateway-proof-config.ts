import { readFileSync } from 'node:fs';
import { ConfigError, parsePositiveInt } from '../config-error';

export interface GatewayProofKey {
  /** The HMAC-SHA256 key the gateway and every subgraph share; at least 32 bytes. */
  readonly key: Buffer;
  /** How far a proof's timestamp may be from the receiver's clock, in seconds. */
  readonly windowS: number;
}

export const MAX_GATEWAY_PROOF_WINDOW_S = 60;

/**
 * `GATEWAY_PROOF_KEY` (64+ hex digits, or 43+ base64url characters) or `GATEWAY_PROOF_KEY_FILE`
 * (a file holding one), and `GATEWAY_PROOF_WINDOW_S` (5, at most 60). Null when no key is set.
 */
export function resolveGatewayProofKey(env: NodeJS.ProcessEnv): GatewayProofKey | null {
  const inline = env.GATEWAY_PROOF_KEY || undefined;
  const file = env.GATEWAY_PROOF_KEY_FILE || undefined;
  if (inline && file) throw new ConfigError('GATEWAY_PROOF_KEY / GATEWAY_PROOF_KEY_FILE', 'only one of the two', '(both set)');
  const windowS = parsePositiveInt('GATEWAY_PROOF_WINDOW_S', env.GATEWAY_PROOF_WINDOW_S, 5, MAX_GATEWAY_PROOF_WINDOW_S);
  if (!inline && !file) return null;
  let text: string;
  if (file) {
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new ConfigError('GATEWAY_PROOF_KEY_FILE', 'a readable file holding the key', `${file} (${(error as Error).message})`);
    }
  } else {
    text = inline as string;
  }
  const key = decodeKey(text);
  // The key itself never appears in the message.
  if (!key) throw new ConfigError(file ? 'GATEWAY_PROOF_KEY_FILE' : 'GATEWAY_PROOF_KEY', 'at least 32 bytes as hex or base64url', `(${text.length} characters)`);
  return Object.freeze({ key, windowS });
}

function decodeKey(text: string): Buffer | null {
  if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) {
    const key = Buffer.from(text, 'hex');
    return key.length >= 32 ? key : null;
  }
  if (/^[A-Za-z0-9_-]+={0,2}$/.test(text)) {
    const key = Buffer.from(text, 'base64url');
    return key.length >= 32 ? key : null;
  }
  return null;
}
