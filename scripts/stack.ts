import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { generatePersonalDataKeyFile } from '../subgraphs/shared/commands/personal-data-cipher';
import { generateFactSealKeyFile } from '../subgraphs/shared/credit-facts/fact-seal';
import { PROJECT_ROOT } from '../common/project-root';
import { AGENCY_NAMES, type AgencyName } from '../subgraphs/shared/agency';
import { DEFAULT_SUBGRAPH_PORTS } from '../subgraphs/shared/ports';
import { agencyDatabaseUrl } from '../subgraphs/shared/storage/agency-database-url';
import { startDeadline } from './start-deadline';
import { describeThreadStates } from './thread-states';

export interface StackOptions {
  readonly dataDir: string;
  /**
   * The agency stores in PostgreSQL: one URL with `{agency}` where each database name goes
   * (AGENCY_DATABASE_URL), given to each subgraph as its DATABASE_URL. Absent: SQLite in `dataDir`.
   */
  readonly agencyDatabaseUrl?: string | null;
  /** Listen on the default ports (4000-4005) or on free ones chosen by the OS. */
  readonly ports: 'default' | 'free';
  /** Extra environment for every process (AUTH_*, SUBGRAPH_TIMEOUT_MS, ...). */
  readonly env?: NodeJS.ProcessEnv;
  /** Extra environment for the gateway only. */
  readonly gatewayEnv?: NodeJS.ProcessEnv;
  /** Gateway processes sharing its port (GATEWAY_WORKERS); more than one needs AUDIT_DATABASE_URL. Default 1. */
  readonly gateways?: number;
  readonly gatewayPort?: number;
  /** Pass the children's output through (npm start) or keep it (tests). */
  readonly inheritOutput?: boolean;
  /**
   * A file holding the education subgraph's service token: when given, the subgraphs read other
   * agencies' data through this stack's gateway with it (closure checks finance's prepaid fees).
   */
  readonly serviceTokenFile?: string;
  /**
   * The risk engine's service token (consumer risk-early-warning): when given, the intel service
   * (risk engine and joint-conference reports, intel/main.ts) starts too, in front of the gateway.
   */
  readonly engineTokenFile?: string;
}

export interface RunningProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly url: string;
  /** What it printed up to its listening line (a gateway with GATEWAY_WORKERS names its workers' pids there). */
  readonly startOutput: string;
}

export interface Stack {
  readonly gatewayUrl: string;
  /** The environment every process shares (GATEWAY_PROOF_KEY included), for callers that play the gateway. */
  readonly env: NodeJS.ProcessEnv;
  readonly subgraphs: ReadonlyMap<AgencyName, RunningProcess>;
  readonly gateway: RunningProcess;
  /** The intel service, when the stack was given an engine token. */
  readonly intel: RunningProcess | null;
  /** Sends SIGTERM to every process and waits until all have exited. */
  stop(): Promise<void>;
}

const DIST = join(PROJECT_ROOT, 'dist');
const START_TIMEOUT_MS = 60_000;

/** Starts one Node process and resolves once it prints the address it listens on (within `timeoutMs`). */
export function startProcess(
  name: string, script: string, args: string[], env: NodeJS.ProcessEnv, inherit: boolean, timeoutMs: number = START_TIMEOUT_MS,
): Promise<RunningProcess> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const deadline = startDeadline(timeoutMs, (lateMs) => {
      const threads = describeThreadStates(child.pid);
      fail(new Error(`${name} did not start within ${timeoutMs} ms (the timer fired ${lateMs.toFixed(0)} ms late):\n${output}`
        + `${threads ? `\nits threads then:\n${threads}` : ''}`));
    });
    const fail = (error: Error) => {
      deadline.met();
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (inherit) process.stdout.write(`[${name}] ${chunk}`);
      const match = /listening on (http:\/\/\S+?)(\/graphql)?\s/.exec(output);
      if (match) {
        deadline.met();
        child.stdout?.off('data', onData);
        if (inherit) child.stdout?.on('data', (c: Buffer) => process.stdout.write(`[${name}] ${c}`));
        else child.stdout?.resume();
        resolve({ name, child, url: match[1] as string, startOutput: output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (inherit) process.stderr.write(`[${name}] ${chunk}`);
    });
    child.once('exit', (code, signal) => fail(new Error(`${name} exited (${code ?? signal}) before listening:\n${output}`)));
  });
}

export function stopProcess(running: RunningProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const { child } = running;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

/**
 * The key the gateway proves its subgraph requests with: the operator's (GATEWAY_PROOF_KEY or
 * GATEWAY_PROOF_KEY_FILE in the environment), or a fresh random one shared by this stack's
 * processes only, passed in their environment and never written anywhere.
 */
export function gatewayProofEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.GATEWAY_PROOF_KEY || env.GATEWAY_PROOF_KEY_FILE) return {};
  return { GATEWAY_PROOF_KEY: randomBytes(32).toString('hex') };
}

/** The five subgraphs and the gateway, each its own process, like production. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const inherit = options.inheritOutput ?? false;
  const env = { ...gatewayProofEnv({ ...process.env, ...options.env }), ...options.env };
  const subgraphs = new Map<AgencyName, RunningProcess>();
  const started: RunningProcess[] = [];
  // Subgraphs that call the gateway (serviceTokenFile) learn its URL before it starts, so its port
  // is then chosen first; otherwise just before it starts, and again should another process take it
  // in between (a port found free is closed again before the gateway binds it).
  const choosePort = () => options.gatewayPort ?? (options.ports === 'default' ? Promise.resolve(4000) : freePort());
  const earlyPort = options.serviceTokenFile ? await choosePort() : null;
  const serviceEnv: NodeJS.ProcessEnv = options.serviceTokenFile
    ? { SERVICE_GATEWAY_URL: `http://127.0.0.1:${earlyPort}/graphql`, SERVICE_TOKEN_FILE: options.serviceTokenFile }
    : {};
  try {
    const running = await Promise.all(
      AGENCY_NAMES.map((name) =>
        startProcess(name, join(DIST, 'subgraphs/main.js'), [name], {
          ...developmentKeyEnv(options.dataDir),
          ...serviceEnv,
          ...env,
          DATA_DIR: options.dataDir,
          // Set either way, so a DATABASE_URL in the caller's environment never points all five at one database.
          DATABASE_URL: options.agencyDatabaseUrl ? agencyDatabaseUrl(options.agencyDatabaseUrl, name) : '',
          PORT: String(options.ports === 'default' ? DEFAULT_SUBGRAPH_PORTS[name] : 0),
        }, inherit).then((p) => (started.push(p), p)),
      ),
    );
    for (const p of running) subgraphs.set(p.name as AgencyName, p);
    const startGateway = async (port: number) => startProcess('gateway', join(DIST, 'gateway/main.js'), [], {
      ...env,
      PORT: String(port),
      AUDIT_DIR: join(options.dataDir, 'audit'),
      ...(options.gateways && options.gateways > 1 ? { GATEWAY_WORKERS: String(options.gateways) } : {}),
      SUBGRAPH_URLS: running.map((p) => `${p.name}=${p.url}/graphql`).join(','),
      ...options.gatewayEnv,
    }, inherit);
    const portIsOurs = earlyPort === null && options.gatewayPort === undefined && options.ports !== 'default';
    let gateway: RunningProcess | undefined;
    for (let attempt = 1; !gateway; attempt++) {
      try {
        gateway = await startGateway(earlyPort ?? (await choosePort()));
      } catch (error) {
        if (!portIsOurs || attempt >= 3 || !String((error as Error).message).includes('EADDRINUSE')) throw error;
      }
    }
    started.push(gateway);
    const intel = options.engineTokenFile
      ? await startProcess('intel', join(DIST, 'intel/main.js'), [], {
          ...env,
          DATA_DIR: options.dataDir,
          PORT: String(options.ports === 'default' ? 4006 : 0),
          INTEL_GATEWAY_URL: `${gateway.url}/graphql`,
          RISK_ENGINE_TOKEN_FILE: options.engineTokenFile,
        }, inherit)
      : null;
    if (intel) started.push(intel);
    return {
      gatewayUrl: `${gateway.url}/graphql`,
      intel,
      env,
      subgraphs,
      gateway,
      stop: () => Promise.all(started.map((p) => stopProcess(p))).then(() => undefined),
    };
  } catch (error) {
    await Promise.all(started.map((p) => stopProcess(p, 'SIGKILL')));
    throw error;
  }
}

/** A loopback port the OS says is free now (closed again before use; good enough on loopback). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The key files every subgraph needs (personal data, credit facts), made on first use beside the
 * data of a development directory. An operator sets them to keys kept elsewhere; a stack given them uses them.
 */
export function developmentKeyEnv(dataDir: string): { PERSONAL_DATA_KEY_FILE: string; CREDIT_FACTS_KEY_FILE: string } {
  return { PERSONAL_DATA_KEY_FILE: developmentKey(dataDir, 'personal-data.json'), CREDIT_FACTS_KEY_FILE: developmentKey(dataDir, 'credit-facts.json') };
}

/** A development key file under DATA_DIR/keys (personal data, credit facts), made on first use. */
function developmentKey(dataDir: string, name: 'personal-data.json' | 'credit-facts.json'): string {
  const dir = join(dataDir, 'keys');
  const file = join(dir, name);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const make = name === 'personal-data.json' ? generatePersonalDataKeyFile : generateFactSealKeyFile;
    writeFileSync(file, make(`dev-${new Date().toISOString().slice(0, 10)}`), { mode: 0o600 });
  }
  return file;
}
