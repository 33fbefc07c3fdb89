import Fastify, { type FastifyInstance } from 'fastify';
import { makeUscc } from '../../../../common/identifiers/uscc';
import type { Principal } from '../../../../common/principal';
import type { AuditEntry } from '../../../../gateway/audit/audit-entry';
import type { AccessLogReader } from '../../../../gateway/audit/access-log';
import { ACCESS_LOG_SCOPE, registerAccessLogRoutes } from '../../../../gateway/http/access-log.routes';
import { createMemoryRateLimitStore } from '../../../../gateway/rate-limit/memory-rate-limit-store';
import { createRateLimiter } from '../../../../gateway/rate-limit/rate-limiter';
import type { CallerLimits } from '../../../../policies/caller-limits';
import { loadPolicies } from '../../../../policies/load-policies';

const policies = loadPolicies();
const USCC = makeUscc('9', '1', '110108', 'MA0000A1');
const clerk: Principal = {
  authenticated: true, subject: 'institution-self-service:clerk-1', consumer: 'institution-self-service', purpose: 'ACCESS_TRANSPARENCY',
  scopes: new Set([ACCESS_LOG_SCOPE]), expiresAt: null, institution: USCC,
};

/** The route over a reader and an audit that count their calls, with a budget of one request. */
function accessLogApp(auditFails: boolean) {
  const reads: string[] = [];
  const recorded: AuditEntry[] = [];
  const reader: AccessLogReader = {
    accessesTo: async (uscc) => {
      reads.push(uscc);
      return [];
    },
    anonymousReadsByDay: async () => [],
    close: async () => undefined,
  };
  const rateLimited: Principal[] = [];
  const app: FastifyInstance = Fastify();
  registerAccessLogRoutes(app, {
    tokenVerifier: { verify: async () => clerk },
    policies,
    reader,
    audit: {
      record: async (entries) => {
        if (auditFails) throw new Error('disk full');
        recorded.push(...entries);
      },
    },
    clientHashKey: 'k',
    rateLimit: {
      limiter: createRateLimiter(createMemoryRateLimitStore(), { windowS: 60, clientHashKey: 'k', consumers: policies.consumers }),
      limitsFor: () => ({ requestsPerWindow: 1, costPerWindow: 1000 }) as CallerLimits,
    },
    metrics: { rateLimited: (principal) => rateLimited.push(principal) },
  });
  return { app, reads, recorded, rateLimited };
}

describe('the access log\'s rate limit', () => {
  it('refuses past the budget before the log is read, and audits the refusal, not a read', async () => {
    const { app, reads, recorded, rateLimited } = accessLogApp(false);
    expect((await app.inject({ url: '/access-log' })).statusCode).toBe(200);
    const refused = await app.inject({ url: '/access-log' });
    expect([refused.statusCode, refused.json().errors[0].extensions.code, refused.headers['retry-after']]).toEqual([429, 'REQUEST_RATE_LIMITED', expect.stringMatching(/^\d+$/)]);
    expect(reads).toEqual([USCC]);
    expect(recorded.map((r) => [r.outcome, r.usccs, r.body.status, r.body.rateLimited ?? null])).toEqual([['SERVED', [USCC], 200, null], ['REJECTED', [], 429, 'requests']]);
    expect(recorded[1]!.requestId).toBe(refused.headers['x-request-id']);
    // Counted with /graphql's refusals, by consumer.
    expect(rateLimited).toEqual([clerk]);
  });

  it('answers an institution 503 AUDIT_UNAVAILABLE, as /graphql does, when even its refusal cannot be recorded', async () => {
    const { app, reads } = accessLogApp(true);
    expect((await app.inject({ url: '/access-log' })).statusCode).toBe(503);
    const refused = await app.inject({ url: '/access-log' });
    expect([refused.statusCode, refused.json().errors[0].extensions.code]).toEqual([503, 'AUDIT_UNAVAILABLE']);
    expect(reads).toHaveLength(1);
  });
});
