import { metricsEnabled, resolveTelemetryConfig } from '../../../../common/telemetry/telemetry-config';

describe('telemetry configuration', () => {
  it('is off by default: no metrics listener, no /metrics on the public one, no trace exporter', () => {
    const config = resolveTelemetryConfig({}, 'edu-gateway');
    expect(config.metrics).toEqual({ host: '127.0.0.1', port: null, onPublicListener: false });
    expect(config.tracing).toMatchObject({ exporter: 'none', serviceName: 'edu-gateway', sampler: 'parentbased_always_on', samplerRatio: 1 });
    expect(metricsEnabled(config)).toBe(false);
  });

  it('turns metrics on with a listener or the explicit opt-in', () => {
    expect(metricsEnabled(resolveTelemetryConfig({ METRICS_PORT: '9464' }, 'x'))).toBe(true);
    expect(metricsEnabled(resolveTelemetryConfig({ METRICS_ON_PUBLIC_LISTENER: 'true' }, 'x'))).toBe(true);
    expect(resolveTelemetryConfig({ METRICS_PORT: '0', METRICS_HOST: '0.0.0.0' }, 'x').metrics).toEqual({ host: '0.0.0.0', port: 0, onPublicListener: false });
  });

  it('reads the standard OpenTelemetry variables', () => {
    expect(resolveTelemetryConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'x').tracing.endpoint).toBe('http://collector:4318/v1/traces');
    expect(resolveTelemetryConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://c/traces', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored' }, 'x').tracing.endpoint).toBe('https://c/traces');
    expect(resolveTelemetryConfig({}, 'x').tracing.endpoint).toBe('http://localhost:4318/v1/traces');
    expect(resolveTelemetryConfig({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25', OTEL_SERVICE_NAME: 'gw-a' }, 'x').tracing)
      .toMatchObject({ sampler: 'parentbased_traceidratio', samplerRatio: 0.25, serviceName: 'gw-a' });
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, "OTEL_TRACES_EXPORTER must be 'none' or 'otlp', instead got \"zipkin\""],
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER must be one of'],
    [{ OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, instead got "1.5"'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL'],
    [{ METRICS_PORT: 'nine' }, 'METRICS_PORT must be an integer from 0 to 65535, instead got "nine"'],
    [{ METRICS_HOST: 'a b' }, 'METRICS_HOST must be a host name or IP address'],
    [{ METRICS_ON_PUBLIC_LISTENER: 'yes' }, "METRICS_ON_PUBLIC_LISTENER must be 'true' or 'false', instead got \"yes\""],
  ])('refuses %j naming the option', (env, message) => {
    expect(() => resolveTelemetryConfig(env, 'x')).toThrow(message);
  });
});
