import { SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import {
  defaultFieldResolver,
  getNamedType,
  isCompositeType,
  isObjectType,
  responsePathAsArray,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { Histogram, type Registry } from 'prom-client';
import { registerHttpServerMetrics } from '../../common/telemetry/http-server-metrics';
import { FAST_DURATION_BUCKETS } from '../../common/telemetry/metrics-registry';
import { extractTraceContext } from '../../common/telemetry/trace-context';
import type { RequestTrace, StatementObserver } from './agency';

declare module 'fastify' {
  interface FastifyRequest {
    requestTrace?: RequestTrace | null;
  }
}

export interface SubgraphTelemetryOptions {
  readonly registry: Registry | null;
  readonly tracer: Tracer | null;
  /** `db.system.name` of the agency's store (sqlite, postgresql). */
  readonly dbSystem: string;
}

export interface SubgraphTelemetry {
  /** What a request's repository reports each statement to; null when neither metrics nor tracing is on. */
  statementObserver(trace: RequestTrace | null): StatementObserver | null;
  /** Counts the statements one request cost, once it is answered. */
  requestStatements(count: number): void;
}

/**
 * The same instruments on every subgraph, hooked in one place (create-subgraph-app.ts): HTTP
 * server durations, `db_client_operation_duration_seconds` per repository method (one method is
 * one SQL statement), statements per request, and spans: a server span continuing the gateway's
 * `traceparent`, resolver spans and one span per SQL statement.
 */
export function installSubgraphTelemetry(app: FastifyInstance, options: SubgraphTelemetryOptions): SubgraphTelemetry {
  const { registry, tracer, dbSystem } = options;
  let statementDuration: Histogram<string> | null = null;
  let perRequest: Histogram<string> | null = null;
  if (registry) {
    registerHttpServerMetrics(app, registry);
    statementDuration = new Histogram({
      name: 'db_client_operation_duration_seconds',
      help: 'Duration of SQL statements (OpenTelemetry db.client.operation.duration), by repository method',
      labelNames: ['db_system_name', 'db_operation_name'],
      buckets: FAST_DURATION_BUCKETS,
      registers: [registry],
    });
    perRequest = new Histogram({
      name: 'subgraph_request_sql_statements',
      help: 'SQL statements one GraphQL request cost; batching keeps it flat as pages grow',
      buckets: [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64],
      registers: [registry],
    });
  }
  if (tracer) {
    app.decorateRequest('requestTrace', null);
    app.addHook('onRequest', (request, reply, done) => {
      if (request.method !== 'POST' && request.method !== 'GET') return done();
      if (request.url !== '/graphql' && !request.url.startsWith('/graphql?')) return done();
      // The gateway's traceparent: this span is the child of its `subgraph` span.
      const parent = extractTraceContext(request.headers);
      const span = tracer.startSpan(`${request.method} /graphql`, {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'http.route': '/graphql' },
      }, parent);
      request.requestTrace = { tracer, context: trace.setSpan(parent, span) };
      reply.raw.once('close', () => {
        span.setAttribute('http.response.status_code', reply.statusCode);
        if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      done();
    });
  }
  return {
    statementObserver(requestTrace) {
      if (!statementDuration && !requestTrace) return null;
      return (method) => {
        const started = performance.now();
        const span = requestTrace?.tracer.startSpan(`${dbSystem} ${method}`, {
          kind: SpanKind.CLIENT,
          attributes: { 'db.system.name': dbSystem, 'db.operation.name': method },
        }, requestTrace.context);
        return (error) => {
          statementDuration?.observe({ db_system_name: dbSystem, db_operation_name: method }, (performance.now() - started) / 1000);
          if (span) end(span, error);
        };
      };
    },
    requestStatements(count) {
      perRequest?.observe(count);
    },
  };
}

function end(span: Span, error: unknown): void {
  if (error !== undefined) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

const traced = new WeakSet<GraphQLSchema>();

/**
 * Resolver spans (`graphql.resolve Type.field`) for the fields that do work: root fields
 * (`_entities` included) and the object-valued fields of entity types, the ones that go to the
 * database through loaders. A span per scalar would cost more than the resolver it measures.
 * The schema is built once per process and may serve apps with tracing and without, so the guard
 * is installed once and asks each request's context whether it is traced.
 */
export function traceResolvers(schema: GraphQLSchema): GraphQLSchema {
  if (traced.has(schema)) return schema;
  traced.add(schema);
  const roots = new Set([schema.getQueryType(), schema.getMutationType()].filter((t): t is GraphQLObjectType => t != null));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const root = roots.has(type);
    if (!root && !isEntity(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (!root && !isCompositeType(getNamedType(field.type))) continue;
      if (field.name === '_service') continue;
      const resolve: GraphQLFieldResolver<unknown, { trace?: RequestTrace | null }> = field.resolve ?? defaultFieldResolver;
      const name = `graphql.resolve ${type.name}.${field.name}`;
      field.resolve = (source, args, context, info) => {
        const requestTrace = context.trace;
        if (!requestTrace) return resolve(source, args, context, info);
        const span = requestTrace.tracer.startSpan(name, {
          attributes: { 'graphql.field.name': field.name, 'graphql.field.path': responsePathAsArray(info.path).join('.'), 'graphql.field.type': String(field.type) },
        }, requestTrace.context);
        let result: unknown;
        try {
          result = resolve(source, args, context, info);
        } catch (error) {
          end(span, error);
          throw error;
        }
        if (result instanceof Promise) {
          return result.then((value: unknown) => {
            span.end();
            return value;
          }, (error: unknown) => {
            end(span, error);
            throw error;
          });
        }
        span.end();
        return result;
      };
    }
  }
  return schema;
}

function isEntity(type: GraphQLObjectType): boolean {
  const nodes = [type.astNode, ...type.extensionASTNodes];
  return nodes.some((node) => node?.directives?.some((d) => d.name.value === 'key'));
}
