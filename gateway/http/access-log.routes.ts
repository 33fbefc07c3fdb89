import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { chinaToday } from '../../common/china-day';
import { TokenRejectedError, type TokenVerifier } from '../../common/auth/token-verifier';
import { ANONYMOUS, type Principal } from '../../common/principal';
import type { CallerLimits } from '../../policies/caller-limits';
import { POLICIES_DIR, type Policies } from '../../policies/load-policies';
import type { AccessLogReader } from '../audit/access-log';
import type { AuditRecorder } from '../audit/audit-recorder';
import { clientHashOf } from '../audit/client-hash';
import { outcomeOf } from '../audit/operation-records';
import { gatewayError, type GatewayErrorCode } from '../errors/error-catalogue';
import type { OperationResponse } from '../pipeline/operation';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';

export const ACCESS_LOG_SCOPE = 'institution:access-log:read';
export const ACCESS_LOG_PURPOSE = 'ACCESS_TRANSPARENCY';
const MAX_PAGE = 100;

interface AccessLogRules {
  readonly version: string;
  readonly revealOfficerFor: readonly string[];
  readonly anonymousSummaryDays: number;
}

/** policies/access-log.json: for which purposes the officer is named, how far back anonymous reads are summarised. */
export function loadAccessLogRules(dir: string = POLICIES_DIR): AccessLogRules {
  const raw = JSON.parse(readFileSync(join(dir, 'access-log.json'), 'utf8')) as Partial<AccessLogRules>;
  if (!Array.isArray(raw.revealOfficerFor) || !Number.isInteger(raw.anonymousSummaryDays) || (raw.anonymousSummaryDays as number) < 1) {
    throw Object.assign(new Error('policies/access-log.json needs revealOfficerFor (a list of purposes) and anonymousSummaryDays (a positive integer)'), { code: 'ERR_POLICY_INVALID' });
  }
  return Object.freeze({ version: String(raw.version ?? ''), revealOfficerFor: Object.freeze([...raw.revealOfficerFor]), anonymousSummaryDays: raw.anonymousSummaryDays as number });
}

export interface AccessLogRouteOptions {
  readonly tokenVerifier: TokenVerifier;
  readonly policies: Policies;
  readonly reader: AccessLogReader;
  /** The read of one's own access log is an access like any other: it is audited before it is answered. */
  readonly audit: AuditRecorder;
  /** The audit's key for anonymous callers' addresses (a refusal's record holds only their HMAC). */
  readonly clientHashKey: string;
  /**
   * The gateway's one rate limiter, and each caller's limits; null when rate limits are off. A read
   * counts 1 against the caller's requests budget, the one its GraphQL requests spend, whatever its
   * page size, and nothing against the cost budget: that prices the fields a GraphQL operation has
   * the subgraphs resolve, while a read here asks no subgraph and is bounded (MAX_PAGE records and a
   * summary by day, both by an indexed USCC), so it costs about the same every time.
   */
  readonly rateLimit: { readonly limiter: RateLimiter; readonly limitsFor: (principal: Principal) => CallerLimits } | null;
  /** Where its 429s are counted, beside /graphql's (gateway_rate_limit_refusals_total). */
  readonly metrics?: Pick<GatewayMetrics, 'rateLimited'>;
  readonly rules?: AccessLogRules;
  readonly now?: () => Date;
}

function refusalOf(status: number, code: GatewayErrorCode, message: string, extra: Record<string, unknown> = {}): OperationResponse {
  return { status, body: { errors: [gatewayError(code, message, extra)] } };
}

const AUDIT_UNAVAILABLE = refusalOf(503, 'AUDIT_UNAVAILABLE', 'The audit log is unavailable; the request was not served');

function send(reply: FastifyReply, response: OperationResponse) {
  return reply.code(response.status).headers(response.headers ?? {}).type('application/json; charset=utf-8').send(response.body);
}

/**
 * `GET /access-log`: an institution, authenticated as itself, reads every access to its data from
 * the audit log (Estonia's Data Tracker, for the agencies): when, which agency system, under which
 * purpose, which fields — never the officer unless the rules name the purpose — newest first, a
 * page at a time; anonymous reads of its public data summarised by day.
 */
export function registerAccessLogRoutes(app: FastifyInstance, options: AccessLogRouteOptions): void {
  const rules = options.rules ?? loadAccessLogRules();
  const now = options.now ?? (() => new Date());
  app.get('/access-log', async (request, reply) => {
    const requestId = randomUUID();
    reply.header('x-request-id', requestId);
    let principal: Principal = ANONYMOUS;
    let rejection: TokenRejectedError | null = null;
    try {
      principal = await options.tokenVerifier.verify(request.headers.authorization, ACCESS_LOG_PURPOSE);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      request.log.warn({ reason: error.reason }, 'token rejected');
      rejection = error;
    }
    // Every refusal is audited as /graphql audits its own: no USCC (nothing was read), who asked,
    // why it was refused; probing someone's access log leaves a trace like any other request.
    const refused = async (response: OperationResponse, rateLimited: 'requests' | null = null) => {
      try {
        await options.audit.record([{
          type: 'operation', time: now().toISOString(), requestId, consumer: principal.consumer, subject: principal.subject, purpose: principal.purpose,
          usccs: [], outcome: outcomeOf(response, 0, rejection?.reason),
          body: {
            clientHash: principal.authenticated ? null : clientHashOf(options.clientHashKey, request.ip),
            errorCodes: [...new Set((response.body.errors ?? []).map((e) => e.extensions.code))],
            operationName: 'accessLog', operationType: 'access-log', rateLimited, status: response.status, tokenRejection: rejection?.reason ?? null,
          },
        }]);
      } catch (error) {
        request.log.error({ err: error }, 'audit record could not be written');
        if (principal.authenticated) return send(reply, AUDIT_UNAVAILABLE);
      }
      return send(reply, response);
    };
    // As on /graphql, before anything is read or served: a token that did not verify counts
    // against its address's anonymous budget, so guessing tokens here ends in 429 too.
    if (options.rateLimit) {
      const { admission, refusal } = await options.rateLimit.limiter.admit(principal, request.ip, options.rateLimit.limitsFor(principal));
      reply.headers(admission.headers);
      if (refusal) {
        options.metrics?.rateLimited(principal);
        return refused(refusal, 'requests');
      }
    }
    if (rejection) return refused(refusalOf(401, 'UNAUTHENTICATED', 'Authentication failed'));
    if (!principal.authenticated) return refused({ ...refusalOf(401, 'UNAUTHENTICATED', 'An institution\'s token is required'), headers: { 'www-authenticate': 'Bearer' } });
    const consumer = principal.consumer ? options.policies.consumers.get(principal.consumer) : undefined;
    if (consumer?.kind !== 'INSTITUTION' || !principal.institution) {
      return refused(refusalOf(403, 'FORBIDDEN', 'only an institution authenticated as itself (a token carrying its uscc) reads an access log', { reason: 'NOT_AN_INSTITUTION' }));
    }
    if (!principal.scopes.has(ACCESS_LOG_SCOPE)) return refused(refusalOf(403, 'FORBIDDEN', `reading the access log needs ${ACCESS_LOG_SCOPE}`, { reason: 'MISSING_SCOPE' }));
    const query = request.query as Record<string, string | undefined>;
    const first = query.first === undefined ? 50 : Number(query.first);
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
      return refused(refusalOf(400, 'BAD_USER_INPUT', `first must be an integer from 1 to ${MAX_PAGE}, got '${query.first}'`, { argument: 'first' }));
    }
    let before: number | null = null;
    if (query.after !== undefined) {
      const match = /^seq:(\d{1,15})$/.exec(Buffer.from(query.after, 'base64url').toString('utf8'));
      if (!match) return refused(refusalOf(400, 'BAD_USER_INPUT', `after is not a cursor this endpoint issued: '${query.after}'`, { argument: 'after' }));
      before = Number(match[1]);
    }
    const uscc = principal.institution;
    const since = chinaToday(new Date(now().getTime() - rules.anonymousSummaryDays * 86_400_000));
    const [rows, anonymous] = await Promise.all([options.reader.accessesTo(uscc, before, first + 1), options.reader.anonymousReadsByDay(uscc, since)]);
    const page = rows.slice(0, first);
    try {
      await options.audit.record([{
        type: 'operation', time: now().toISOString(), requestId, consumer: principal.consumer, subject: principal.subject, purpose: ACCESS_LOG_PURPOSE,
        usccs: [uscc], outcome: 'SERVED',
        body: { operationName: 'accessLog', operationType: 'access-log', status: 200, fieldsServed: ['AccessLog.accesses', 'AccessLog.anonymousReadsByDay'], records: page.length },
      }]);
    } catch (error) {
      request.log.error({ err: error }, 'audit record could not be written');
      return send(reply, AUDIT_UNAVAILABLE);
    }
    const last = page.at(-1);
    return reply.header('cache-control', 'no-store').send({
      uscc,
      rules: rules.version,
      accesses: page.map((r) => ({
        time: r.time,
        requestId: r.requestId,
        consumer: r.consumer,
        system: options.policies.consumers.get(r.consumer)?.name ?? r.consumer,
        purpose: r.purpose,
        purposeDescription: r.purpose ? options.policies.purposes.get(r.purpose) ?? null : null,
        operationType: r.operationType,
        fields: r.fieldsServed,
        outcome: r.outcome,
        ...(r.purpose && rules.revealOfficerFor.includes(r.purpose) ? { officer: r.subject } : {}),
      })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: last ? Buffer.from(`seq:${last.seq}`).toString('base64url') : null },
      anonymousReadsByDay: anonymous,
    });
  });
}
