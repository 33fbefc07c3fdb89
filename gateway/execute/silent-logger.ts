/** @apollo/gateway logs through this; the gateway's own logging goes through Fastify's logger. */
const noop = (): void => undefined;
export const silentLogger = { debug: noop, info: noop, warn: noop, error: noop };
