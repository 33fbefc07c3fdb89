import Fastify, { type FastifyInstance } from 'fastify';
import { resolveAuthConfig } from '../../common/auth/auth-config';
import { SQL_QUERIES_HEADER } from '../../common/cost-header';
import { createTokenVerifier, TokenRejectedError, type TokenVerifier } from '../../common/auth/token-verifier';
import mercurius from 'mercurius';
import type { GraphQLFormattedError } from 'graphql';
import { ANONYMOUS, type Principal } from '../../common/principal';
import { countingRepository, type AgencyDefinition, type RequestStats, type SubgraphContext } from './agency';
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
  /** Fastify logger on or off. Defaults to off. */
  readonly logger?: boolean;
  /** The credit-facts key (CREDIT_FACTS_KEY_FILE); without it the credit evaluation is unavailable. */
  readonly factSeal?: FactSeal | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    requestStats?: RequestStats;
    principal?: Principal;
  }
}


/** A Fastify app serving one agency's subgraph; it has never listened. */
export function buildSubgraphApp<R extends object, L, W>(options: SubgraphAppOptions<R, L, W>): FastifyInstance {
  const { agency, repository } = options;
  const tokenVerifier = options.tokenVerifier ?? createTokenVerifier(NO_KEYS);
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 4 * 1024 * 1024 });
  const { schema } = agency.buildSchema();

  app.decorateRequest('requestStats', undefined);
  app.decorateRequest('principal', undefined);
  app.addHook('preHandler', async (request, reply) => {
    if (request.url !== '/graphql' && !request.url.startsWith('/graphql?')) return;
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
      return { principal, stats, loaders: agency.createLoaders(countingRepository(repository, stats), principal), writes: options.writes ?? null, factSeal: options.factSeal ?? null };
    },
    errorFormatter: (execution, context) => {
      const formatted = mercurius.defaultErrorFormatter(execution, context);
      const errors = ((formatted.response.errors ?? []) as GraphQLFormattedError[]).map((error) => maskUnexpected(error, context.app));
      return { statusCode: formatted.statusCode, response: { ...formatted.response, errors } };
    },
  });

  app.addHook('onSend', async (request, reply) => {
    if (request.requestStats) reply.header(SQL_QUERIES_HEADER, String(request.requestStats.sqlQueries));
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
