import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { GATEWAY_PROOF_HEADER, signGatewayRequest } from '../../common/gateway-proof/gateway-proof';
import { startDeadline } from '../../scripts/start-deadline';
import type { AgencyName } from '../../subgraphs/shared/agency';
import type { LoadResult, LoadSpec } from './load';

/** The PROFILE_QUERY fields each subgraph owns (test/helpers/queries.ts), for the no-gateway floor. */
export const PROFILE_SELECTIONS: Readonly<Record<AgencyName, string>> = {
  education: `uscc name regionName kind
    filing { listStatus permitNo permitValidTo nonProfit }
    feeRule { chargingMode maxLessonsPerCharge maxMonthsPerCharge }
    courses(first: 5) { title subject priceCny lessons reviewStatus }
    trainers(first: 5) { displayName certificateNo }`,
  market: `registration { legalName entityType status registeredCapitalCny establishedOn registrationAuthority }
    marketPenalties(first: 5) { decisionDocNo violationType fineCny decidedOn publicityStatus }`,
  credit: `creditPenalties(first: 5) { decisionDocNo decidedOn publicityStatus }
    creditDishonestyListings(first: 5) { id publicityStatus }`,
  ip: `patents(first: 5) { applicationNo title legalStatus }
    trademarks(first: 5) { registrationNo niceClass markText status }`,
  finance: `prepaidCustody { mode custodyBankName }
    financialPenalties(first: 5) { id publicityStatus }`,
};

export const EDUCATION_ROOT_QUERY = `query P($uscc: USCC!) { institution(uscc: $uscc) { ${PROFILE_SELECTIONS.education} } }`;

export function entitiesQuery(agency: AgencyName): string {
  return `query E($representations: [_Any!]!) { _entities(representations: $representations) { ... on Institution { ${PROFILE_SELECTIONS[agency]} } } }`;
}

export function representations(usccs: readonly string[]): { __typename: string; uscc: string }[] {
  return usccs.map((uscc) => ({ __typename: 'Institution', uscc }));
}

export interface GraphQLBody {
  data?: unknown;
  errors?: { message: string }[];
  extensions?: Record<string, unknown>;
}

/** For a request straight to a subgraph: the shared key and the subgraph's name, to prove it as the gateway would. */
export interface DirectProof {
  readonly key: Buffer;
  readonly audience: string;
}

export async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>, proof?: DirectProof): Promise<GraphQLBody> {
  const body = JSON.stringify({ query, variables });
  const proven: Record<string, string> = proof
    ? { [GATEWAY_PROOF_HEADER]: signGatewayRequest(proof.key, { method: 'POST', path: new URL(url).pathname, audience: proof.audience, requestId: '', body }) }
    : {};
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers, ...proven }, body });
  const answer = (await response.json()) as GraphQLBody;
  if (response.status !== 200) throw new Error(`${url} answered HTTP ${response.status}: ${JSON.stringify(answer).slice(0, 500)}`);
  return answer;
}

/** GraphQL errors seen by postOk, by message and path, so the report can show them. */
export const partialErrors = new Map<string, number>();

/**
 * Throws when a response carries no data: a benchmark of failing requests measures nothing. Partial
 * errors (data with some fields nulled) are counted in `partialErrors` and the run goes on.
 */
export async function postOk(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>, proof?: DirectProof): Promise<GraphQLBody> {
  const body = await post(url, query, variables, headers, proof);
  if (body.errors?.length) {
    if (!body.data) throw new Error(`${url} answered with errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
    for (const error of body.errors as { message: string; path?: (string | number)[] }[]) {
      const key = `${error.message} at ${(error.path ?? []).filter((p) => typeof p === 'string').join('.')}`;
      partialErrors.set(key, (partialErrors.get(key) ?? 0) + 1);
    }
  }
  return body;
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const HAS_TASKSET = (() => {
  try {
    return spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
})();

/** Pins a running process, all its threads, to one CPU. Does nothing without taskset. */
export function pin(pid: number | undefined, cpu: number): void {
  if (!HAS_TASKSET || pid === undefined) return;
  spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

/** Peak resident set (VmHWM) of a live process, in MiB; NaN when unreadable. */
export function peakRssMiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Load generators still running, so that run.ts can kill them on error. */
export const loadChildren = new Set<ChildProcess>();

/**
 * Runs autocannon in its own process: `taskset -c 1 node load.js spec.json` when taskset exists
 * (the gateway under test is pinned to CPU 0), plain `node load.js spec.json` otherwise.
 */
export function runLoad(spec: LoadSpec, scratchDir: string): Promise<LoadResult> {
  const specFile = join(scratchDir, `load-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  const script = join(__dirname, 'load.js');
  const [command, args] = HAS_TASKSET
    ? ['taskset', ['-c', '1', process.execPath, script, specFile]]
    : [process.execPath, [script, specFile]];
  const child = spawn(command as string, args as string[], { stdio: ['ignore', 'pipe', 'pipe'] });
  loadChildren.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      loadChildren.delete(child);
      if (code !== 0) return reject(new Error(`load generator exited ${code}: ${stderr}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as LoadResult);
      } catch (error) {
        reject(new Error(`load generator printed no result: ${stdout}${stderr} (${(error as Error).message})`));
      }
    });
  });
}

export interface BenchAuth {
  /**
   * AUTH_* and GATEWAY_PROOF_KEY for the subgraphs and the gateway, and limits a load generator
   * on one token stays inside (the bench's token names no consumer, so it gets the defaults).
   */
  readonly env: NodeJS.ProcessEnv;
  /** The gateway proof key, to call the subgraphs directly. */
  readonly proofKey: Buffer;
  /** `Bearer <token>` holding every scope the supergraph mentions. */
  readonly authorization: string;
  readonly dir: string;
}

/**
 * A throw-away ES256 key and one token holding every scope, so that the authorization-on
 * scenario serves the same fields (and the same subgraph work) as the authorization-off one.
 */
export async function createBenchAuth(scopes: Iterable<string>): Promise<BenchAuth> {
  const dir = mkdtempSync(join(tmpdir(), 'edu-bench-'));
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = 'bench';
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] }));
  const issuer = 'urn:edu-gateway:bench';
  const audience = 'urn:edu-gateway';
  const token = await new SignJWT({ scope: [...scopes].join(' '), azp: 'bench', purpose: 'benchmark' })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject('bench')
    .setIssuedAt()
    .setExpirationTime('3h')
    .sign(privateKey);
  const proofKey = randomBytes(32);
  return {
    env: {
      AUTH_JWKS_FILE: jwksFile,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: audience,
      GATEWAY_PROOF_KEY: proofKey.toString('hex'),
      RATE_LIMIT_REQUESTS: '100000000',
      RATE_LIMIT_COST: '100000000',
      MAX_COST: '1000000',
    },
    proofKey,
    authorization: `Bearer ${token}`,
    dir,
  };
}

export async function waitReady(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/ready`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${baseUrl}/ready did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every process in the tree rooted at `pid` (the gateway's workers, if it forks any). */
function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i += 1) {
    try {
      for (const task of readdirSync(`/proc/${all[i]}/task`)) {
        const children = readFileSync(`/proc/${all[i]}/task/${task}/children`, 'utf8').trim();
        if (children) all.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // exited meanwhile
    }
  }
  return all;
}

const CLOCK_TICKS_PER_S = (() => {
  try {
    return Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time used so far by a process tree, in ms; NaN when /proc is unreadable. */
export function processTreeCpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  let ticks = 0;
  for (const member of processTree(pid)) {
    try {
      // Fields after the command name (which may hold spaces) start at index 2 (state).
      const fields = readFileSync(`/proc/${member}/stat`, 'utf8').split(') ').pop()!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      if (member === pid) return NaN;
    }
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_S;
}

/** Peak resident set (VmHWM) summed over a process tree, in MiB. */
export function processTreePeakRssMiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  return processTree(pid).reduce((sum, member) => sum + (peakRssMiB(member) || 0), 0) || NaN;
}

/**
 * Spawns a command and resolves once `ready` recognises its output (or once `probe` succeeds), or
 * rejects after `timeoutMs` with what it printed.
 */
export function startCommand<T>(
  name: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  ready: { output?: (text: string) => T | null; probe?: () => Promise<T | null> },
  timeoutMs = 60_000,
): Promise<{ child: ChildProcess; value: T }> {
  const child = spawn(command, args as string[], { env: { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error: Error | null, value?: T) => {
      if (done) return;
      done = true;
      deadline.met();
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else {
        resolve({ child, value: value as T });
      }
    };
    const deadline = startDeadline(timeoutMs, (lateMs) => finish(new Error(`${name} was not ready within ${timeoutMs} ms (the timer fired ${lateMs.toFixed(0)} ms late):\n${output.slice(-2000)}`)));
    const onData = (chunk: Buffer) => {
      if (done) return;
      output += chunk.toString();
      const value = ready.output?.(output);
      if (value !== null && value !== undefined) finish(null, value);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => finish(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output.slice(-2000)}`)));
    if (ready.probe) {
      const poll = async (): Promise<void> => {
        while (!done) {
          const value = await ready.probe!().catch(() => null);
          if (value !== null && value !== undefined) return finish(null, value);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      void poll();
    }
  });
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
