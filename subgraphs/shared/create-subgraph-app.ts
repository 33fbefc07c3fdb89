import type { Tracer } from '@opentelemetry/api';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { resolveAuthConfig } from '../../common/auth/auth-config';
import { SQL_QUERIES_HEADER } from '../../common/cost-header';
import { createTokenVerifier, TokenRejectedError, type TokenVerifier } from '../../common/auth/token-verifier';
import mercurius from 'mercurius';
import type { GraphQLFormattedError } from 'graphql';
import { GATEWAY_PROOF_HEADER, REQUEST_ID_HEADER } from '../../common/gateway-proof/gateway-proof';
import { clientErrorHandler, httpError, httpErrorBody, installHttpErrors } from '../../common/http/http-errors';
import { ANONYMOUS, type Principal } from '../../common/principal';
import { countingRepository, type AgencyDefinition, type RequestStats, type SubgraphContext, type SubgraphRequirements } from './agency';
import type { GatewayProofVerifier } from './gateway-proof-verifier';
import { installSubgraphTelemetry, traceResolvers } from './subgraph-telemetry';
import type { FactSeal } from './credit-facts/fact-seal';

export interface SubgraphAppOptions<R extends object, L, W> {
  readonly agency: AgencyDefinition<R, L, W>;
  readonly repository: R;
  /** The agency's command side; null when it takes no commands. */
  readonly writes?: W | null;
  /**
   * Verifies the bearer token the gateway forwards (or a direct caller sends). A request with a
   * token that does not verify gets HTTP 401; one with no token is anonymous. Defaults to a
   * verifier with no keys: everyone is anonymous and every token is refused.
   */
  readonly tokenVerifier?: TokenVerifier;
  /**
   * Checks that each GraphQL request comes from the gateway (`x-gateway-proof`); a request
   * without a valid proof gets HTTP 401 GATEWAY_PROOF_REQUIRED. `null` accepts every request,
   * for tests that play the gateway's part; production (`main.ts`) always passes a verifier.
   */
  readonly gatewayProof: GatewayProofVerifier | null;
  /** What each field requires: `subgraphRequirements(schema, <the composed supergraph's>)`. */
  readonly requirements: SubgraphRequirements;
  /** Fastify logger on or off. Defaults to off. */
  readonly logger?: boolean;
  /** Where metrics are collected; absent, none are. */
  readonly metricsRegistry?: Registry;
  /** The tracer of a registered provider; absent, no span is made. */
  readonly tracer?: Tracer;
  /** `db.system.name` of the repository's store, for metrics and spans. Defaults to sqlite. */
  readonly dbSystem?: string;
  /** The credit-facts key (CREDIT_FACTS_KEY_FILE); without it the credit evaluation is unavailable. */
  readonly factSeal?: FactSeal | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    requestStats?: RequestStats;
    principal?: Principal;
    /** The body exactly as received, for the gateway proof's MAC. */
    rawBody?: string;
  }
}


/** A Fastify app serving one agency's subgraph; it has never listened. */
export function buildSubgraphApp<R extends object, L, W>(options: SubgraphAppOptions<R, L, W>): FastifyInstance {
  const { agency, repository } = options;
  const tokenVerifier = options.tokenVerifier ?? createTokenVerifier(NO_KEYS);
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 4 * 1024 * 1024, clientErrorHandler });
  const built = agency.buildSchema().schema;
  const schema = options.tracer ? traceResolvers(built) : built;
  installHttpErrors(app);
  const telemetry = installSubgraphTelemetry(app, { registry: options.metricsRegistry ?? null, tracer: options.tracer ?? null, dbSystem: options.dbSystem ?? 'sqlite' });

  app.decorateRequest('requestStats', undefined);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('rawBody', undefined);
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    parseJson(request, body as string, done);
  });
  const isGraphql = (url: string) => url === '/graphql' || url.startsWith('/graphql?');
  const proof = options.gatewayProof;
  // One hook for both checks (a hook is a promise and a turn of fastify's hook runner per request).
  app.addHook('preHandler', async (request, reply) => {
    if (request.is404 || !isGraphql(request.url)) return;
    if (proof) {
      // Before the token is looked at: a request the gateway did not send costs nothing more.
      const refusal = proof.verify(header(request.headers[GATEWAY_PROOF_HEADER]), {
        method: request.method,
        path: request.url,
        audience: agency.name,
        requestId: header(request.headers[REQUEST_ID_HEADER]) ?? '',
        body: request.rawBody ?? '',
      });
      if (refusal !== null) {
        request.log.warn({ reason: refusal, ip: request.ip }, 'request without a valid gateway proof refused');
        return reply.code(401).send({
          data: null,
          errors: [{ message: 'This subgraph answers only the gateway; the request carries no valid gateway proof', extensions: { code: 'GATEWAY_PROOF_REQUIRED' } }],
        });
      }
    }
    try {
      request.principal = await tokenVerifier.verify(header(request.headers.authorization), header(request.headers['x-purpose']));
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      request.log.warn({ reason: error.reason, detail: error.detail }, 'token rejected');
      return reply.code(401).send({ data: null, errors: [{ message: 'Authentication failed', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });
  app.get('/health', async () => ({ status: 'ok', subgraph: agency.name }));

  app.register(mercurius, {
    schema,
    path: '/graphql',
    graphiql: false,
    context: async (request): Promise<SubgraphContext<L, W | null>> => {
      const principal = request.principal ?? ANONYMOUS;
      const stats: RequestStats = { sqlQueries: 0 };
      request.requestStats = stats;
      const trace = request.requestTrace ?? null;
      return {
        principal,
        stats,
        trace,
        requirements: options.requirements,
        loaders: agency.createLoaders(countingRepository(repository, stats, telemetry.statementObserver(trace)), principal),
        writes: options.writes ?? null,
        factSeal: options.factSeal ?? null,
      };
    },
    errorFormatter: (execution, context) => {
      // mercurius sends the route's HTTP errors (body too large, wrong content type, bad JSON) here too.
      const http = httpError(execution.errors?.[0]?.originalError, context.reply.request.headers['content-type']);
      if (http && execution.errors?.length === 1) return { statusCode: http.status, response: httpErrorBody(http.status, http.message) as never };
      const formatted = mercurius.defaultErrorFormatter(execution, context);
      const errors = ((formatted.response.errors ?? []) as GraphQLFormattedError[]).map((error) => maskUnexpected(error, context.app));
      return { statusCode: formatted.statusCode, response: { ...formatted.response, errors } };
    },
  });

  app.addHook('onSend', async (request, reply) => {
    if (!request.requestStats) return;
    reply.header(SQL_QUERIES_HEADER, String(request.requestStats.sqlQueries));
    telemetry.requestStatements(request.requestStats.sqlQueries);
  });
  return app;
}

/** An error without one of our codes is a bug or a storage fault: log it, tell the client nothing. */
function maskUnexpected(error: GraphQLFormattedError, app: FastifyInstance): GraphQLFormattedError {
  if (error.extensions?.code) return error;
  // graphql-js's own validation and coercion messages carry no path; they are safe and useful.
  if (!error.path) return { ...error, extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } };
  app.log.error({ err: error }, 'unexpected resolver error');
  return { message: 'Internal server error', path: error.path, locations: error.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

const NO_KEYS = resolveAuthConfig({});

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
