import { createHmac } from 'node:crypto';

/**
 * An anonymous caller's address as the gateway keeps it: an HMAC with the audit's client-hash key,
 * so requests from one address can be linked (the audit, the rate limiter) and the address is never
 * stored. One function, so the audit's hash and the limiter's key always agree.
 */
export function clientHashOf(clientHashKey: string, clientAddress: string): string {
  return createHmac('sha256', clientHashKey).update(clientAddress).digest('hex');
}
