import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TokenVerifier } from '../../common/auth/token-verifier';
import type { Policies } from '../../policies/load-policies';
import { regionCovers } from '../../subgraphs/shared/commands/actor';
import type { Deadlines } from '../../subgraphs/shared/commands/working-days';
import { chinaToday } from '../../common/china-day';
import { createGatewayClient, GatewayReadError } from '../gateway/gateway-client';
import { buildJointReport, type JointReport, type ReportRequest } from '../reports/joint-report';
import { reportCsv } from '../reports/report-csv';
import { readReportFacts } from '../reports/report-facts';
import { prefixOf } from '../reports/regions';
import { callerFor } from './caller';
import { sendError } from './http-errors';
import { loadReportAssets } from './report-page/report-assets';
import { reportContentSecurityPolicy, reportPage } from './report-page/report-page';

export const REPORT_PURPOSE = 'JOINT_SUPERVISION_REPORT';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_PERIOD_DAYS = 5 * 366;

export interface ReportRouteOptions {
  readonly gatewayUrl: string;
  readonly tokenVerifier: TokenVerifier;
  readonly policies: Policies;
  readonly deadlines: Deadlines;
  readonly now: () => Date;
}

/** The query string, checked; the problem as a message naming the parameter otherwise. */
function parseRequest(query: Record<string, unknown>, today: string): ReportRequest | { problem: string; argument: string } {
  const region = String(query.region ?? '');
  const from = String(query.from ?? '');
  const to = String(query.to ?? '');
  if (!/^\d{6}$/.test(region)) return { problem: `region must be a six-digit GB/T 2260 code (000000 for the country), got '${region}'`, argument: 'region' };
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
      return { problem: `${name} must be a date YYYY-MM-DD, got '${value}'`, argument: name };
    }
  }
  if (from > to) return { problem: `from (${from}) must not be after to (${to})`, argument: 'from' };
  if (to >= today) return { problem: `to must be a day that has ended (before ${today}): a report's cut-off is the end of to`, argument: 'to' };
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_PERIOD_DAYS) return { problem: 'a report covers at most five years', argument: 'from' };
  return { region, from, to };
}

/**
 * GET /reports/joint-conference.csv and .html: the joint-conference report for a region and a
 * period. The caller's own token reads every fact through the gateway under
 * JOINT_SUPERVISION_REPORT, so the gateway authorizes and audits each read as the caller's.
 * Reports are built one at a time: a national one reads every institution.
 */
export function registerReportRoutes(app: FastifyInstance, options: ReportRouteOptions): void {
  const assets = loadReportAssets();
  let building: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const next = building.then(work, work);
    building = next.catch(() => undefined);
    return next;
  };

  app.get(`/reports/assets/:file`, async (request, reply) => {
    if ('unavailable' in assets) return sendError(reply, 503, 'INTERNAL_SERVER_ERROR', `the report page is not built (${assets.unavailable}): run npm run build`);
    const asset = assets.files.get((request.params as { file: string }).file);
    if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    reply.header('etag', gzip ? asset.gzipEtag : asset.etag).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').header('vary', 'accept-encoding');
    reply.type(asset.contentType);
    return gzip ? reply.header('content-encoding', 'gzip').send(asset.gzip) : reply.send(asset.body);
  });

  for (const format of ['csv', 'html'] as const) {
    app.get(`/reports/joint-conference.${format}`, async (request, reply) => {
      const caller = await callerFor(request, reply, options.tokenVerifier, options.policies, REPORT_PURPOSE);
      if (!caller) return reply;
      const parsed = parseRequest(request.query as Record<string, unknown>, chinaToday(options.now()));
      if ('problem' in parsed) return sendError(reply, 400, 'BAD_USER_INPUT', parsed.problem, { argument: parsed.argument });
      const region = caller.principal.region;
      if (region && !regionCovers(region, parsed.region === '000000' ? '000000' : parsed.region)) {
        return sendError(reply, 403, 'FORBIDDEN', `region ${parsed.region} is outside the caller's region ${region}`, { reason: 'OUTSIDE_REGION' });
      }
      if (format === 'html' && 'unavailable' in assets) return sendError(reply, 503, 'INTERNAL_SERVER_ERROR', `the report page is not built (${assets.unavailable}): run npm run build`);
      let report: JointReport;
      try {
        report = await oneAtATime(async () => {
          const client = createGatewayClient({ url: options.gatewayUrl, token: caller.token, purpose: REPORT_PURPOSE, timeoutMs: 60_000 });
          return buildJointReport(parsed, await readReportFacts(client, prefixOf(parsed.region)), options.deadlines);
        });
      } catch (error) {
        if (!(error instanceof GatewayReadError)) throw error;
        request.log.warn({ code: error.code, message: error.message }, 'report read failed');
        if (error.code === 'UNAUTHORIZED_FIELD_OR_TYPE') return sendError(reply, 403, 'FORBIDDEN', 'the caller\'s grant does not cover what the report counts', { reason: 'MISSING_SCOPE' });
        if (error.code === 'UNAUTHENTICATED') return sendError(reply, 401, 'UNAUTHENTICATED', 'Authentication failed');
        return sendError(reply, 503, 'SUBGRAPH_UNAVAILABLE', `the report's data could not be read: ${error.message}`, { gatewayCode: error.code });
      }
      const name = `joint-report-${report.region}-${report.from}-${report.to}`;
      reply.header('x-report-inputs-hash', report.inputsHash).header('x-content-type-options', 'nosniff').header('cache-control', 'no-store');
      if (format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(reportCsv(report));
      }
      const nonce = randomBytes(16).toString('base64');
      const query = new URLSearchParams({ region: report.region, from: report.from, to: report.to }).toString();
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', reportContentSecurityPolicy(nonce))
        .header('referrer-policy', 'no-referrer')
        .send(reportPage(report, assets as Exclude<typeof assets, { unavailable: string }>, nonce, `joint-conference.csv?${query}`));
    });
  }
}
