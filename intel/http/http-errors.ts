import type { FastifyReply } from 'fastify';
import type { GatewayErrorCode } from '../../gateway/errors/error-catalogue';

/** An error from an intel route: the gateway catalogue's codes, in the GraphQL-over-HTTP error shape. */
export function sendError(reply: FastifyReply, status: number, code: GatewayErrorCode, message: string, extra: Record<string, unknown> = {}): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ errors: [{ message, extensions: { ...extra, code } }] });
}
