import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { gatewayError } from '../errors/error-catalogue';
import type { OperationRequest, OperationResponse } from '../pipeline/operation';
import { traceRequest, type GatewayTelemetry } from '../telemetry/gateway-telemetry';
import type { SendIdePage } from './ide.routes';

type Pipeline = (request: OperationRequest) => Promise<OperationResponse>;

/** `POST /graphql` and `GET /graphql` (queries in the URL; a browser gets GraphiQL). */
export function registerGraphqlRoutes(app: FastifyInstance, pipeline: Pipeline, sendIdePage: SendIdePage, telemetry: GatewayTelemetry): void {
  const run = async (request: FastifyRequest, reply: FastifyReply, body: unknown) => {
    // Always our own id: the audit correlates on it, so a client must not be able to choose or reuse one.
    const requestId = randomUUID();
    const result = await traceRequest(telemetry, { method: request.method, route: '/graphql', requestId }, () => pipeline({
      body,
      authorization: headerValue(request.headers.authorization),
      purpose: headerValue(request.headers['x-purpose']),
      requestId,
      clientAddress: request.ip,
    }));
    return reply.code(result.status).header('x-request-id', requestId).type('application/json; charset=utf-8').send(result.body);
  };

  app.post('/graphql', async (request, reply) => run(request, reply, request.body));

  app.get('/graphql', async (request, reply) => {
    const params = request.query as Record<string, string | undefined>;
    if (!params.query && (request.headers.accept ?? '').includes('text/html')) {
      return sendIdePage(reply);
    }
    let variables: unknown;
    try {
      variables = params.variables ? JSON.parse(params.variables) : undefined;
    } catch {
      return reply.code(400).send({ errors: [gatewayError('BAD_REQUEST', '"variables" is not valid JSON')] });
    }
    return run(request, reply, { query: params.query, operationName: params.operationName, variables });
  });

  app.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message = error instanceof Error ? error.message : 'Bad request';
      return reply.code(status).send({ errors: [gatewayError('BAD_REQUEST', message)] });
    }
    app.log.error({ err: error }, 'unhandled gateway error');
    return reply.code(500).send({ errors: [gatewayError('INTERNAL_SERVER_ERROR', 'Internal server error')] });
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
