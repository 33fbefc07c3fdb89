import { ConfigError, parseHost, parsePort } from '../config-error';

export type TraceSampler = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';

export interface TelemetryConfig {
  readonly metrics: {
    /**
     * Where `/metrics` listens, apart from the public listener (`METRICS_HOST`, `METRICS_PORT`).
     * Null port: no metrics listener. Defaults to 127.0.0.1 and none.
     */
    readonly host: string;
    readonly port: number | null;
    /** Also answer `/metrics` on the public listener (`METRICS_ON_PUBLIC_LISTENER`). Defaults to false. */
    readonly onPublicListener: boolean;
  };
  readonly tracing: {
    /** `OTEL_TRACES_EXPORTER`: 'none' (the default: no span is made at all) or 'otlp'. */
    readonly exporter: 'none' | 'otlp';
    /** OTLP/HTTP traces endpoint; from `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT` + /v1/traces. */
    readonly endpoint: string;
    readonly sampler: TraceSampler;
    /** `OTEL_TRACES_SAMPLER_ARG`: the ratio for the *traceidratio samplers. Defaults to 1. */
    readonly samplerRatio: number;
    /** `OTEL_SERVICE_NAME`; defaults to the process's own name. */
    readonly serviceName: string;
  };
}

/** Collecting metrics is worth its cost only when someone can read them. */
export function metricsEnabled(config: TelemetryConfig): boolean {
  return config.metrics.port !== null || config.metrics.onPublicListener;
}

const SAMPLERS: readonly TraceSampler[] = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];

/**
 * The telemetry options every process (gateway and subgraphs) reads. Tracing uses the standard
 * OpenTelemetry variable names, parsed here once so that a bad value stops the boot instead of
 * being ignored by the SDK.
 */
export function resolveTelemetryConfig(env: NodeJS.ProcessEnv, defaultServiceName: string): TelemetryConfig {
  const exporter = env.OTEL_TRACES_EXPORTER || 'none';
  if (exporter !== 'none' && exporter !== 'otlp') throw new ConfigError('OTEL_TRACES_EXPORTER', "'none' or 'otlp'", exporter);
  const sampler = (env.OTEL_TRACES_SAMPLER || 'parentbased_always_on') as TraceSampler;
  if (!SAMPLERS.includes(sampler)) throw new ConfigError('OTEL_TRACES_SAMPLER', `one of ${SAMPLERS.join(', ')}`, sampler);
  const ratioText = env.OTEL_TRACES_SAMPLER_ARG;
  const samplerRatio = ratioText === undefined || ratioText === '' ? 1 : Number(ratioText);
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(ratioText ?? '1')) throw new ConfigError('OTEL_TRACES_SAMPLER_ARG', 'a ratio from 0 to 1', ratioText);
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : 'http://localhost:4318/v1/traces');
  if (!/^https?:\/\/\S+$/.test(endpoint)) {
    throw new ConfigError(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT', 'an http(s) URL', endpoint);
  }
  const serviceName = env.OTEL_SERVICE_NAME || defaultServiceName;
  const portText = env.METRICS_PORT;
  const onPublic = env.METRICS_ON_PUBLIC_LISTENER ?? '';
  if (!['', 'true', 'false', '1', '0'].includes(onPublic)) throw new ConfigError('METRICS_ON_PUBLIC_LISTENER', "'true' or 'false'", onPublic);
  return Object.freeze({
    metrics: Object.freeze({
      host: parseHost('METRICS_HOST', env.METRICS_HOST, '127.0.0.1'),
      port: portText === undefined || portText === '' ? null : parsePort('METRICS_PORT', portText, 0),
      onPublicListener: onPublic === 'true' || onPublic === '1',
    }),
    tracing: Object.freeze({ exporter, endpoint, sampler, samplerRatio, serviceName }),
  });
}
