/**
 * The five agency subgraphs' CPU per profile, apart from any gateway: `npm run bench:subgraphs`
 * (`-- --quick` for one short round).
 *
 * Each profile is what the gateway sends for PROFILE_QUERY: the education root field and one
 * `_entities` fetch to each of the four other subgraphs, with gateway proofs, sent straight to the
 * subgraph processes by `--concurrency` callers in a closed loop for `--seconds` per round. The
 * figure is each subgraph process's CPU time (user + system, all threads, from /proc) per profile.
 *
 * A/B: `--variant NAME=ROOT` (twice or more) starts one set of five subgraphs from each project
 * root's `dist/` (e.g. a copy of main's build beside this one), checks that every set answers the
 * same profiles byte for byte, and loads all sets at once in each round, each with its own
 * callers, so load from elsewhere on a shared machine falls on all of them alike. Without
 * `--variant` it measures this checkout's build; `--variant NAME=ROOT,KEY=VALUE` adds environment
 * (e.g. `NODE_ENV=production`) to one set. `--cpu-prof DIR` starts the subgraphs with
 * `node --cpu-prof`; the profiles are written to DIR when they stop.
 */
import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { developmentKeyEnv, startProcess, stopProcess, type RunningProcess } from '../../scripts/stack';
import { PROJECT_ROOT } from '../../common/project-root';
import { extractRequirements } from '../../gateway/authorize/requirements';
import { readFileSync, rmSync } from 'node:fs';
import { SUPERGRAPH_PATH } from '../../schema/paths';
import { AGENCY_NAMES, type AgencyName } from '../../subgraphs/shared/agency';
import { generateInstitutions } from '../../subgraphs/shared/seed/seed-institutions';
import { seededDataDir } from '../helpers/seeded-data-dir';
import { createBenchAuth, EDUCATION_ROOT_QUERY, entitiesQuery, post, processTreeCpuMs, representations, type BenchAuth } from './support';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

interface Options {
  readonly rounds: number;
  readonly seconds: number;
  readonly warmupS: number;
  readonly concurrency: number;
  readonly seedCount: number;
  readonly variants: readonly { name: string; root: string; env: Record<string, string> }[];
  readonly cpuProfDir: string | null;
}

function parseArgs(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const count = (flag: string, fallback: number) => {
    const raw = value(flag);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${raw}`);
    return n;
  };
  const variants = argv.flatMap((arg, i) => (arg === '--variant' ? [argv[i + 1] ?? ''] : [])).map((spec) => {
    const match = /^([\w.-]+)=([^,]+)((?:,\w+=[^,]*)*)$/.exec(spec);
    if (!match) throw new Error(`--variant takes NAME=PROJECT_ROOT[,ENV_NAME=VALUE...], got ${spec}`);
    const env = Object.fromEntries(match[3]!.split(',').filter(Boolean).map((pair) => pair.split('=', 2) as [string, string]));
    return { name: match[1]!, root: resolve(match[2]!), env };
  });
  const cpuProf = value('--cpu-prof');
  return {
    rounds: count('--rounds', quick ? 1 : 6),
    seconds: count('--seconds', quick ? 3 : 10),
    warmupS: quick ? 2 : 10,
    concurrency: count('--concurrency', 10),
    seedCount: count('--seed', quick ? 500 : 3000),
    variants: variants.length ? variants : [{ name: 'this', root: PROJECT_ROOT, env: {} }],
    cpuProfDir: cpuProf ? resolve(cpuProf) : null,
  };
}

const log = (line: string) => process.stderr.write(`# ${line}\n`);
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

interface SubgraphSet {
  readonly name: string;
  readonly processes: ReadonlyMap<AgencyName, RunningProcess>;
  /** One profile's five requests, in parallel; resolves to their bodies as received. */
  profile(uscc: string): Promise<string[]>;
}

async function startSet(name: string, root: string, env: NodeJS.ProcessEnv, auth: BenchAuth, cpuProfDir: string | null): Promise<SubgraphSet> {
  const script = join(root, 'dist/subgraphs/main.js');
  const processes = new Map<AgencyName, RunningProcess>();
  // node takes --cpu-prof only on its command line: startProcess runs `node <first> ...args`.
  await Promise.all(AGENCY_NAMES.map(async (agency) => {
    const argv = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfDir, name)}`, `--cpu-prof-name=${agency}.cpuprofile`, script] : [script];
    processes.set(agency, await startProcess(`${name}/${agency}`, argv[0]!, [...argv.slice(1), agency], { ...env, PORT: '0' }, false));
  }));
  const headers = { authorization: auth.authorization };
  const send = async (agency: AgencyName, query: string, variables: Record<string, unknown>): Promise<string> => {
    const body = await post(`${processes.get(agency)!.url}/graphql`, query, variables, headers, { key: auth.proofKey, audience: agency });
    if (body.errors?.length || !body.data) throw new Error(`${name}/${agency} answered with errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
    return JSON.stringify(body);
  };
  return {
    name,
    processes,
    profile: (uscc) => Promise.all(AGENCY_NAMES.map((agency) => agency === 'education'
      ? send(agency, EDUCATION_ROOT_QUERY, { uscc })
      : send(agency, entitiesQuery(agency), { representations: representations([uscc]) }))),
  };
}

/** Profiles from `concurrency` callers until `until` (performance.now()); each subgraph's CPU ms per profile. */
async function measure(set: SubgraphSet, usccs: readonly string[], until: number, concurrency: number): Promise<Map<AgencyName, number>> {
  const before = new Map(AGENCY_NAMES.map((agency) => [agency, processTreeCpuMs(set.processes.get(agency)!.child.pid)]));
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, caller) => {
    for (let n = caller; performance.now() < until; n += concurrency) {
      await set.profile(usccs[n % usccs.length]!);
      done += 1;
    }
  }));
  return new Map(AGENCY_NAMES.map((agency) => [agency, (processTreeCpuMs(set.processes.get(agency)!.child.pid) - before.get(agency)!) / Math.max(1, done)]));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const auth = await createBenchAuth(extractRequirements(readFileSync(SUPERGRAPH_PATH, 'utf8')).requirements.scopes);
  log(`seeding ${options.seedCount} institutions`);
  const data = seededDataDir(options.seedCount, 7);
  const usccs = generateInstitutions(options.seedCount, 7).map((i) => i.uscc);
  const env = { ...auth.env, ...developmentKeyEnv(data.dataDir), DATA_DIR: data.dataDir };
  const sets: SubgraphSet[] = [];
  const stopAll = () => Promise.all(sets.flatMap((set) => [...set.processes.values()].map((p) => stopProcess(p))));
  try {
    for (const variant of options.variants) sets.push(await startSet(variant.name, variant.root, { ...env, ...variant.env }, auth, options.cpuProfDir));
    // The same answers from every set, or the comparison means nothing.
    for (const uscc of usccs.slice(0, 200)) {
      const answers = await Promise.all(sets.map((set) => set.profile(uscc)));
      for (let i = 1; i < answers.length; i += 1) {
        for (let s = 0; s < AGENCY_NAMES.length; s += 1) {
          if (answers[i]![s] !== answers[0]![s]) {
            throw new Error(`${sets[i]!.name} and ${sets[0]!.name} answer ${AGENCY_NAMES[s]} differently for ${uscc}:\n${answers[0]![s]}\n${answers[i]![s]}`);
          }
        }
      }
    }
    log('warming');
    await Promise.all(sets.map((set) => measure(set, usccs, performance.now() + options.warmupS * 1000, options.concurrency)));
    const runs = new Map(sets.map((set) => [set.name, [] as Map<AgencyName, number>[]]));
    for (let round = 0; round < options.rounds; round += 1) {
      // All sets at once, for the same time: whatever else runs on the machine weighs on each alike.
      const until = performance.now() + options.seconds * 1000;
      const results = await Promise.all(sets.map((set) => measure(set, usccs, until, options.concurrency)));
      sets.forEach((set, i) => runs.get(set.name)!.push(results[i]!));
      log(`round ${round + 1}/${options.rounds}: ${sets.map((set, i) => `${set.name} ${[...results[i]!.values()].reduce((a, b) => a + b, 0).toFixed(3)}`).join(', ')} ms/profile`);
    }
    const header = ['variant', ...AGENCY_NAMES, 'all five', 'rounds (all five)'];
    const rows = [header];
    const totals = new Map<string, number>();
    for (const set of sets) {
      const list = runs.get(set.name)!;
      const sums = list.map((r) => [...r.values()].reduce((a, b) => a + b, 0));
      totals.set(set.name, median(sums));
      rows.push([set.name, ...AGENCY_NAMES.map((a) => median(list.map((r) => r.get(a)!)).toFixed(3)), median(sums).toFixed(3), sums.map((s) => s.toFixed(2)).join(' ')]);
    }
    const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    process.stdout.write(`\nsubgraph CPU ms per profile (medians of ${options.rounds} rounds of ${options.seconds} s, `
      + `${options.concurrency} callers, ${options.seedCount} institutions)\n\n`);
    for (const r of rows) process.stdout.write(`${r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
    // Each round's ratio to the first set, then their median: the steadiest comparison when load drifts between rounds.
    const firstRuns = runs.get(sets[0]!.name)!;
    const sum = (r: Map<AgencyName, number>) => [...r.values()].reduce((a, b) => a + b, 0);
    const ratios = sets.slice(1).map((set) => `${set.name}/${sets[0]!.name}=${median(runs.get(set.name)!.map((r, i) => sum(r) / sum(firstRuns[i]!))).toFixed(3)}`);
    process.stdout.write(`\nSUBGRAPH_CPU_MS_PER_PROFILE ${sets.map((s) => `${s.name}=${totals.get(s.name)!.toFixed(3)}`).join(' ')}`
      + `${ratios.length ? ` median_ratio_per_round ${ratios.join(' ')}` : ''}\n`);
  } finally {
    await stopAll();
    data.remove();
    rmSync(auth.dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
