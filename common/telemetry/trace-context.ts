import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

// Explicit rather than the global propagator: what crosses the wire is W3C Trace Context, whatever
// else a host process registers.
const propagator = new W3CTraceContextPropagator();

/** Writes `traceparent` (and `tracestate`) for `context` into outgoing request headers. */
export function injectTraceContext(context: Context, headers: { set(name: string, value: string): void }): void {
  propagator.inject(context, headers, { set: (carrier, key, value) => (carrier as typeof headers).set(key, value) });
}

/** The remote parent named by an incoming request's `traceparent`, or the root context. */
export function extractTraceContext(headers: Readonly<Record<string, string | string[] | undefined>>): Context {
  return propagator.extract(ROOT_CONTEXT, headers, {
    get: (carrier, key) => (carrier as typeof headers)[key],
    keys: (carrier) => Object.keys(carrier as object),
  });
}
