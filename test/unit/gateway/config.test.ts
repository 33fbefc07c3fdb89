import { resolveGatewayConfig } from '../../../gateway/config';

const resolve = (env: NodeJS.ProcessEnv) => resolveGatewayConfig(env, { supergraphPath: 'schema/supergraph.graphql' });

describe('gateway configuration for PostgreSQL, replicas and shutdown', () => {
  it('defaults: SQLite audit log, one process, no shutdown delay', () => {
    const config = resolve({});
    expect(config.audit).toMatchObject({ databaseUrl: null, dir: 'data/audit' });
    expect(config.workers).toBe(1);
    expect(config.shutdownDelayMs).toBe(0);
  });

  it('takes a PostgreSQL URL and replicas that share it', () => {
    const config = resolve({ AUDIT_DATABASE_URL: 'postgresql://gw:secret@db.internal:5432/audit', GATEWAY_WORKERS: '3', SHUTDOWN_DELAY_MS: '5000' });
    expect(config.audit.databaseUrl).toBe('postgresql://gw:secret@db.internal:5432/audit');
    expect(config.workers).toBe(3);
    expect(config.shutdownDelayMs).toBe(5000);
  });

  it('keeps rate-limit counters in the audit database unless RATE_LIMIT_DATABASE_URL names another', () => {
    expect(resolve({}).rateLimit.databaseUrl).toBeNull();
    expect(resolve({ AUDIT_DATABASE_URL: 'postgres://h/audit' }).rateLimit.databaseUrl).toBe('postgres://h/audit');
    expect(resolve({ AUDIT_DATABASE_URL: 'postgres://h/audit', RATE_LIMIT_DATABASE_URL: 'postgres://h/limits' }).rateLimit.databaseUrl).toBe('postgres://h/limits');
    expect(() => resolve({ RATE_LIMIT_DATABASE_URL: 'redis://h' })).toThrow(/^RATE_LIMIT_DATABASE_URL must be a postgres/);
  });

  it('refuses a URL that is not PostgreSQL, naming the option and hiding the password', () => {
    expect(() => resolve({ AUDIT_DATABASE_URL: 'mysql://gw:secret@db/audit' })).toThrow(/^AUDIT_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL, instead got "mysql:\/\/gw:\*\*\*@db\/audit"$/);
    expect(() => resolve({ AUDIT_DATABASE_URL: 'not a url' })).toThrow(/AUDIT_DATABASE_URL must be a URL like/);
  });

  it('refuses several replicas over the single-process SQLite audit log', () => {
    expect(() => resolve({ GATEWAY_WORKERS: '2' })).toThrow(/^GATEWAY_WORKERS must be 1 unless AUDIT_DATABASE_URL puts the audit log in PostgreSQL/);
    expect(resolve({ GATEWAY_WORKERS: '2', AUDIT_ENABLED: 'false' }).workers).toBe(2);
  });

  it('refuses malformed numbers', () => {
    expect(() => resolve({ SHUTDOWN_DELAY_MS: '-1' })).toThrow(/SHUTDOWN_DELAY_MS must be an integer from 0 to 600000/);
    expect(() => resolve({ GATEWAY_WORKERS: '0', AUDIT_DATABASE_URL: 'postgres://h/db' })).toThrow(/GATEWAY_WORKERS must be an integer from 1 to 64/);
  });

  it('runs 8 operations at once unless OPERATION_CONCURRENCY says otherwise (0: no limit)', () => {
    expect(resolve({}).operationConcurrency).toBe(8);
    expect(resolve({ OPERATION_CONCURRENCY: '0' }).operationConcurrency).toBe(0);
    expect(resolve({ OPERATION_CONCURRENCY: '32' }).operationConcurrency).toBe(32);
    expect(() => resolve({ OPERATION_CONCURRENCY: 'many' })).toThrow(/OPERATION_CONCURRENCY must be an integer from 0 to 4096, instead got "many"/);
  });
});
