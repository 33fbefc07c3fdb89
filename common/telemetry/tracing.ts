import type { Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import type { TelemetryConfig } from './telemetry-config';

/** The instrumentation scope of every span this project makes. */
export const TRACER_NAME = 'edu-federation-gateway';

/** A registered tracer provider and the tracer our code starts its spans with. */
export interface Tracing {
  readonly tracer: Tracer;
  /** Exports what is buffered, then stops; for a clean stop. */
  shutdown(): Promise<void>;
}

/**
 * Tracing as configured, or null when no exporter is (the default): then no span is made and no
 * context manager installed, so the request path pays nothing. The provider is registered
 * globally, which @apollo/gateway's own spans (gateway.plan, gateway.execute, gateway.fetch) need.
 */
export async function startTracing(config: TelemetryConfig['tracing']): Promise<Tracing | null> {
  if (config.exporter === 'none') return null;
  // Loaded only when asked for: nothing that can send a span exists otherwise.
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  return registerTracing(new BatchSpanProcessor(new OTLPTraceExporter({ url: config.endpoint })), config.serviceName, sampler(config));
}

/** Registers a provider sending spans to `processor`; tests pass an in-memory exporter's. */
export function registerTracing(processor: SpanProcessor, serviceName: string, spanSampler: Sampler = new ParentBasedSampler({ root: new AlwaysOnSampler() })): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    sampler: spanSampler,
    spanProcessors: [processor],
  });
  provider.register();
  return { tracer: provider.getTracer(TRACER_NAME), shutdown: () => provider.shutdown() };
}

function sampler(config: TelemetryConfig['tracing']): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case 'always_on': return new AlwaysOnSampler();
    case 'always_off': return new AlwaysOffSampler();
    case 'traceidratio': return ratio;
    case 'parentbased_always_on': return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off': return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio': return new ParentBasedSampler({ root: ratio });
  }
}
