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
      method: request.method === 'GET' ? 'GET' : 'POST',
      body,
      authorization: headerValue(request.headers.authorization),
      purpose: headerValue(request.headers['x-purpose']),
      requestId,
      clientAddress: request.ip,
    }));
    // Sent as bytes: handed an object or a string, Fastify measures the text and Node encodes it
    // again to write it, two more passes and copies over an answer that may be large.
    return reply.code(result.status).headers({ ...result.headers, 'x-request-id': requestId }).type('application/json; charset=utf-8').send(Buffer.from(JSON.stringify(result.body)));
  };

  app.post('/graphql', async (request, reply) => run(request, reply, request.body));

  app.get('/graphql', async (request, reply) => {
    const params = request.query as Record<string, string | undefined>;
    if (!params.query && (request.headers.accept ?? '').includes('text/html')) {
      return sendIdePage(reply);
    }
    const json: Record<string, unknown> = {};
    for (const name of ['variables', 'extensions'] as const) {
      try {
        json[name] = params[name] ? JSON.parse(params[name] as string) : undefined;
      } catch {
        return reply.code(400).send({ errors: [gatewayError('BAD_REQUEST', `"${name}" is not valid JSON`)] });
      }
    }
    return run(request, reply, { query: params.query, operationName: params.operationName, documentId: params.documentId, ...json });
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
