import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../../common/project-root';
import { resolveGatewayConfig } from '../../../gateway/config';
import { SUPERGRAPH_PATH } from '../../../schema/paths';
import { AGENCY_NAMES } from '../../../subgraphs/shared/agency';
import { resolveIntelConfig } from '../../../intel/config';
import { DEFAULT_SUBGRAPH_PORTS } from '../../../subgraphs/shared/ports';

/**
 * No Docker engine runs where these tests do, so the image is never built here: this checks what
 * can be checked without one, that the Dockerfile and compose.yaml refer to files, scripts,
 * agencies and ports that exist, with the settings the project requires.
 */

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

interface Stage {
  readonly name: string;
  readonly instructions: Instruction[];
}

/** Dockerfile instructions by stage: comments dropped, continued lines joined. */
function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s+(.*)$/.exec(line)!;
    const instruction = { keyword: keyword!.toUpperCase(), args: args!.replace(/\s+/g, ' ') };
    if (instruction.keyword === 'FROM') stages.push({ name: /\bAS (\S+)$/i.exec(instruction.args)?.[1] ?? '', instructions: [] });
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

const dockerfile = parseDockerfile(readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8'));
const stage = (name: string) => dockerfile.find((s) => s.name === name)!;
const all = (s: Stage, keyword: string) => s.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const packageJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
}
const compose = parseYaml(readFileSync(join(PROJECT_ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;

/** The TypeScript file a `node dist/<x>.js` command runs, compiled by `npm run build`. */
function sourceOf(script: string): string {
  const match = /^dist\/(.+)\.js$/.exec(script);
  if (!match) throw new Error(`${script} is not a compiled script under dist/`);
  return join(PROJECT_ROOT, `${match[1]}.ts`);
}

/** `docker compose` fills in `${VAR:-default}` and `${VAR:?message}` from the environment. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::[-?][^}]*)?\}/g, (_, name: string) => env[name] ?? '');
}

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage, the runtime last', () => {
    expect(dockerfile.map((s) => s.name)).toEqual(['build', 'runtime']);
  });

  it('builds with the dev dependencies and the npm scripts that exist', () => {
    const runs = all(stage('build'), 'RUN').join(' && ');
    expect(runs).toMatch(/\bnpm ci(?! --omit)/);
    expect(runs).toContain('npm run build');
    for (const [, script] of runs.matchAll(/npm run (\S+)/g)) expect(packageJson.scripts[script!]).toBeDefined();
    expect(packageJson.scripts.build).toContain('tsc -p tsconfig.json');
  });

  it('copies into the build only files that exist, and everything the build compiles', () => {
    const sources = all(stage('build'), 'COPY').map((args) => args.split(' ').slice(0, -1));
    for (const file of sources.flat()) expect(existsSync(join(PROJECT_ROOT, file))).toBe(true);
    const tsconfig = JSON.parse(readFileSync(join(PROJECT_ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
    // Tests are compiled in development only; everything else tsc compiles must be in the image.
    const copied = new Set(sources.flat());
    expect(tsconfig.include.filter((folder) => folder !== 'test' && !copied.has(folder))).toEqual([]);
  });

  it('installs production dependencies only in the runtime, runs as a non-root user and never phones home', () => {
    const runtime = stage('runtime');
    expect(all(runtime, 'RUN').join(' && ')).toContain('npm ci --omit=dev');
    const users = all(runtime, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    const keywords = runtime.instructions.map((i) => i.keyword);
    expect(keywords.indexOf('USER')).toBeLessThan(keywords.indexOf('CMD'));
    for (const s of dockerfile) expect(all(s, 'ENV').join(' ')).toMatch(/\bAPOLLO_TELEMETRY_DISABLED=true\b/);
  });

  it('gives the runtime the compiled code from the build and the files the processes read', () => {
    const copies = all(stage('runtime'), 'COPY');
    expect(copies).toContain('--from=build /app/dist ./dist');
    const fromContext = copies.filter((args) => !args.startsWith('--from')).flatMap((args) => args.split(' ').slice(0, -1));
    expect(fromContext).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'schema/supergraph.graphql', 'policies/*.json']));
    expect(existsSync(SUPERGRAPH_PATH)).toBe(true);
    // loadPolicies reads every JSON file it needs from policies/: all of them match the glob.
    expect(readdirSync(join(PROJECT_ROOT, 'policies')).filter((f) => f.endsWith('.json')).sort()).toEqual(
      ['access-log.json', 'consumers.json', 'public-fields.json', 'purposes.json', 'scopes.json'],
    );
    // ...and the persisted-operation manifests consumers name, from their folder.
    const manifests = Object.values(JSON.parse(readFileSync(join(PROJECT_ROOT, 'policies/consumers.json'), 'utf8')) as Record<string, { persistedOperations?: string }>)
      .flatMap((c) => (c.persistedOperations ? [c.persistedOperations] : []));
    for (const manifest of manifests) expect(fromContext).toContain(`policies/${manifest.split('/')[0]}`);
  });

  it('starts the gateway by default and checks /health on the process port', () => {
    const [cmd] = all(stage('runtime'), 'CMD');
    const argv = JSON.parse(cmd!) as string[];
    expect(argv.slice(0, 1)).toEqual(['node']);
    expect(existsSync(sourceOf(argv[1]!))).toBe(true);
    const [healthcheck] = all(stage('runtime'), 'HEALTHCHECK');
    expect(healthcheck).toContain('/health');
    expect(healthcheck).toContain('process.env.PORT');
  });

  it('is built from a context without local state (.dockerignore)', () => {
    const ignored = readFileSync(join(PROJECT_ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', 'dist', 'data', '.dev-keys']));
  });
});

describe('compose.yaml', () => {
  it('runs one service per agency, the gateway, PostgreSQL and a one-off seed', () => {
    expect(Object.keys(services).sort()).toEqual([...AGENCY_NAMES, 'gateway', 'intel', 'postgres', 'seed'].sort());
  });

  it.each(AGENCY_NAMES)('runs the %s subgraph on its port, from a script that exists, after the seed', (agency) => {
    const service = services[agency]!;
    expect(service.command).toEqual(['node', 'dist/subgraphs/main.js', agency]);
    expect(existsSync(sourceOf('dist/subgraphs/main.js'))).toBe(true);
    expect(service.environment).toMatchObject({ PORT: String(DEFAULT_SUBGRAPH_PORTS[agency]), HOST: '0.0.0.0', DATA_DIR: '/data', APOLLO_TELEMETRY_DISABLED: 'true' });
    expect(service.depends_on).toEqual({ seed: { condition: 'service_completed_successfully' } });
    // Only the gateway is published.
    expect(service.ports).toBeUndefined();
  });

  it('seeds with the seed script, once', () => {
    const [, , script] = services.seed!.command!;
    expect(script).toContain('node dist/scripts/seed.js');
    expect(existsSync(sourceOf('dist/scripts/seed.js'))).toBe(true);
    expect(script).toMatch(/test -f \/data\/seed\.json \|\|/);
  });

  it('points the gateway at every subgraph by service name, in a configuration the gateway accepts', () => {
    const gateway = services.gateway!;
    expect(gateway.command).toEqual(['node', 'dist/gateway/main.js']);
    const env = Object.fromEntries(Object.entries(gateway.environment!).map(([k, v]) => [k, interpolate(String(v), { POSTGRES_PASSWORD: 'secret' })]));
    const config = resolveGatewayConfig(env, { supergraphPath: SUPERGRAPH_PATH });
    expect(config.subgraphUrls).toEqual(Object.fromEntries(AGENCY_NAMES.map((name) => [name, `http://${name}:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`])));
    expect(config).toMatchObject({ host: '0.0.0.0', port: 4000 });
    expect(env.AUDIT_DATABASE_URL).toBe('postgresql://gateway:secret@postgres:5432/audit');
    expect(gateway.ports).toEqual(['127.0.0.1:4000:4000']);
    expect(gateway.depends_on).toEqual(Object.fromEntries(['postgres', ...AGENCY_NAMES].map((name) => [name, { condition: 'service_healthy' }])));
  });

  it('requires a PostgreSQL password from the operator rather than shipping one', () => {
    const postgres = services.postgres!;
    expect(postgres.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(postgres.environment!.POSTGRES_DB).toBe(new URL(interpolate(services.gateway!.environment!.AUDIT_DATABASE_URL!, {})).pathname.slice(1));
    expect(postgres.healthcheck!.test).toContain('pg_isready');
  });

  it('sets only options the README documents', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const names = new Set(Object.values(services).flatMap((s) => Object.keys(s.environment ?? {})).filter((n) => !n.startsWith('POSTGRES_')));
    expect([...names].filter((name) => !new RegExp(`\`${name}[\`=]`).test(readme))).toEqual([]);
  });

  it('runs the intel service in front of the gateway, in a configuration it accepts', () => {
    const intel = services.intel!;
    expect(intel.command).toEqual(['node', 'dist/intel/main.js']);
    expect(existsSync(join(PROJECT_ROOT, 'intel/main.ts'))).toBe(true);
    expect(intel.depends_on).toEqual({ gateway: { condition: 'service_healthy' } });
    const env = Object.fromEntries(Object.entries(intel.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), {})]));
    const config = resolveIntelConfig(env);
    expect([config.port, config.gatewayUrl, config.commandUrl]).toEqual([4006, 'http://gateway:4000/graphql', 'http://gateway:4000/graphql']);
  });
});
