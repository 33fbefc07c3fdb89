/**
 * The gateways a conformance run compares. `apolloGateway` is the reference: plain
 * @apollo/gateway hosted by @apollo/server, with none of our pipeline. `ourGateway` is
 * `buildGateway` as production builds it (authorization, scalar checks, shaping, audit on).
 *
 * The gateway under test is a parameter: CONFORMANCE_TARGET names a module exporting
 * `createTarget(env)`, which returns a GatewayTarget (e.g. one built with another executor) that
 * trusts the keys in `env`; the whole suite then runs against it instead of `ourGateway`.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildGateway } from '../../../gateway/app';
import { extractRequirements } from '../../../gateway/authorize/requirements';
import { resolveGatewayConfig } from '../../../gateway/config';
import { SUPERGRAPH_PATH } from '../../../schema/paths';

export interface GatewayUnderTest {
  /** The GraphQL endpoint, over real HTTP. */
  readonly url: string;
  close(): Promise<void>;
}

export interface GatewayTarget {
  readonly name: string;
  start(supergraphSdl: string): Promise<GatewayUnderTest>;
}

export const apolloGateway: GatewayTarget = {
  name: '@apollo/gateway',
  async start(supergraphSdl) {
    // The library refuses the authorization specs (for: SECURITY); it gets the copy without them,
    // as the benchmark's baseline does. It keeps everything else, @inaccessible included.
    const gateway = new ApolloGateway({ supergraphSdl: extractRequirements(supergraphSdl).executableSdl, logger: quietLogger });
    const server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false, logger: quietLogger });
    const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
    return { url, close: () => server.stop() };
  },
};

let root: string | null = null;

/** One folder for every audit log of this run (see removeAuditLogs). */
function auditRoot(): string {
  root ??= mkdtempSync(join(tmpdir(), 'conformance-audit-'));
  return root;
}

/**
 * Removes the run's audit logs, once every gateway has closed. The audit worker finishes closing
 * (last head anchor, WAL files) on its own thread after the gateway has, hence the retries.
 */
export async function removeAuditLogs(): Promise<void> {
  if (root === null) return;
  const folder = root;
  root = null;
  await new Promise((resolve) => setTimeout(resolve, 200));
  await rm(folder, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
}

/** This gateway as production builds it, trusting `env`'s keys (AUTH_JWKS_FILE, issuer, audience). */
export function ourGateway(env: NodeJS.ProcessEnv): GatewayTarget {
  return {
    name: 'buildGateway',
    async start(supergraphSdl) {
      const auditDir = mkdtempSync(join(auditRoot(), 'gateway-'));
      const config = resolveGatewayConfig({ ...env, AUDIT_DIR: auditDir }, { supergraphPath: SUPERGRAPH_PATH });
      const app = await buildGateway({ config, supergraphSdl });
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      return {
        url: `${address}/graphql`,
        close: async () => {
          await app.close();
        },
      };
    },
  };
}

/** The target CONFORMANCE_TARGET's module creates, or this gateway. */
export function targetUnderTest(env: NodeJS.ProcessEnv): GatewayTarget {
  const module = process.env.CONFORMANCE_TARGET;
  if (!module) return ourGateway(env);
  const { createTarget } = require(resolve(module)) as { createTarget?: (env: NodeJS.ProcessEnv) => GatewayTarget };
  if (typeof createTarget !== 'function') throw new Error(`${module} must export createTarget(env): GatewayTarget`);
  return createTarget(env);
}

const noop = (): void => undefined;
const quietLogger = { debug: noop, info: noop, warn: noop, error: noop };
