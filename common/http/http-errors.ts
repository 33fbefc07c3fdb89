import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * The codes HTTP-level refusals carry, in the gateway's and the subgraphs' catalogues alike: every
 * error answer is a JSON GraphQL-style body `{"errors":[{"message","extensions":{"code"}}]}`,
 * including the ones Node's HTTP parser gives before any route runs (bad method, headers too large).
 */
export const HTTP_ERROR_CODES = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'INVALID_CONTENT_TYPE_HEADER',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
} as const;

export type HttpErrorStatus = keyof typeof HTTP_ERROR_CODES;
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[HttpErrorStatus];

export function httpErrorBody(status: HttpErrorStatus, message: string): { errors: { message: string; extensions: { code: HttpErrorCode } }[] } {
  return { errors: [{ message, extensions: { code: HTTP_ERROR_CODES[status] } }] };
}

const CANDIDATE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Node's `clientError`: a request the HTTP parser refused, answered on the raw socket. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status: HttpErrorStatus = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const message = status === 431
    ? 'Request headers are larger than the server accepts'
    : status === 408
      ? 'The request was not received in time'
      : error.code === 'HPE_INVALID_METHOD' ? 'Unknown HTTP method' : 'Malformed HTTP request';
  const body = JSON.stringify(httpErrorBody(status, message));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/** A Fastify HTTP error (`FST_ERR_*` with a 4xx status) as status and client message; null for anything else. */
export function httpError(error: unknown, contentType?: string | string[]): { status: HttpErrorStatus; message: string } | null {
  const { statusCode, code, message } = (error ?? {}) as { statusCode?: number; code?: string; message?: string };
  if (typeof code !== 'string' || !code.startsWith('FST_') || statusCode === undefined || statusCode < 400 || statusCode >= 500) return null;
  const status: HttpErrorStatus = statusCode in HTTP_ERROR_CODES ? (statusCode as HttpErrorStatus) : 400;
  if (status === 413) return { status, message: 'Request body is larger than the server accepts' };
  if (status === 415) return { status, message: `Unsupported content type ${JSON.stringify(contentType ?? '')}; send application/json` };
  return { status, message: message || 'Bad request' };
}

/**
 * 404 for unknown paths, 405 with `Allow` for a known path asked with another method, and every
 * 4xx Fastify raises (413 body too large, 415 content type, 400 bad JSON) with its code. A 5xx is
 * a bug: logged, and answered without detail.
 */
export function installHttpErrors(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = CANDIDATE_METHODS.filter((method) => app.hasRoute({ method, url: path }));
    if (allowed.length > 0) {
      return reply.code(405).header('allow', allowed.join(', ')).send(httpErrorBody(405, `${request.method} is not allowed on ${path}; use ${allowed.join(' or ')}`));
    }
    return reply.code(404).send(httpErrorBody(404, `Nothing is served at ${path}`));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const http = httpError(error, request.headers['content-type']);
    if (http) return reply.code(http.status).send(httpErrorBody(http.status, http.message));
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });
}
