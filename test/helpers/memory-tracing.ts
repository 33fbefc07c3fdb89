import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { registerTracing, type Tracing } from '../../common/telemetry/tracing';

export interface MemoryTracing extends Tracing {
  /** Every span ended so far. */
  spans(): ReadableSpan[];
  reset(): void;
}

/**
 * Tracing registered as production registers it, exporting into memory: each test file runs in
 * its own module registry, so its provider is its own.
 */
export function startMemoryTracing(serviceName = 'test'): MemoryTracing {
  const exporter = new InMemorySpanExporter();
  const tracing = registerTracing(new SimpleSpanProcessor(exporter), serviceName);
  return { ...tracing, spans: () => exporter.getFinishedSpans(), reset: () => exporter.reset() };
}

export const spanId = (span: ReadableSpan): string => span.spanContext().spanId;
export const traceId = (span: ReadableSpan): string => span.spanContext().traceId;
export const parentId = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;
export const childrenOf = (spans: readonly ReadableSpan[], parent: ReadableSpan): ReadableSpan[] => spans.filter((s) => parentId(s) === spanId(parent));
export const isServer = (span: ReadableSpan): boolean => span.kind === SpanKind.SERVER;
