import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../common/project-root';
import { IDE_ASSET_DIR, IDE_BUILD_INFO, IDE_SCRIPT, IDE_STYLE, type IdeBuildInfo } from '../gateway/http/ide/ide-assets';

/**
 * Bundles the gateway's GraphiQL page (run by `npm run build`): GraphiQL, React and the page's
 * own code into one script and one stylesheet under dist/ide, so the gateway serves it with no
 * CDN. Skipped when its inputs are unchanged; `--check` rebuilds in memory and exits 1 when
 * dist/ide differs from what the sources build to now.
 */
const BROWSER_DIR = join(PROJECT_ROOT, 'gateway/http/ide/browser');
const ENTRY = join(BROWSER_DIR, 'graphiql-app.tsx');

/** Everything the bundle depends on: the page's sources, the locked package versions and this script. */
function fingerprint(): string {
  const inputs = [
    ...readdirSync(BROWSER_DIR).map((name) => join(BROWSER_DIR, name)),
    join(PROJECT_ROOT, 'gateway/http/ide/example.ts'),
    join(PROJECT_ROOT, 'package-lock.json'),
    join(PROJECT_ROOT, 'scripts/build-ide.ts'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of inputs) hash.update(relative(PROJECT_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function typeCheck(): void {
  const tsc = join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(BROWSER_DIR, 'tsconfig.json')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the GraphiQL page does not type-check:\n${result.stdout}${result.stderr}`);
}

/** The bundle's files by name, built in memory. */
async function bundle(): Promise<Map<string, Uint8Array>> {
  // esbuild is a development dependency: loaded here so the gateway's runtime never needs it.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: { graphiql: ENTRY },
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    define: { 'process.env.NODE_ENV': '"production"' },
    // GraphiQL's fetcher loads graphql-ws only for subscriptions, which this schema has none of.
    external: ['graphql-ws'],
    legalComments: 'eof',
    charset: 'utf8',
    outdir: IDE_ASSET_DIR,
    write: false,
    logLevel: 'silent',
  });
  const files = new Map<string, Uint8Array>();
  for (const file of result.outputFiles) files.set(relative(IDE_ASSET_DIR, file.path), file.contents);
  const names = [...files.keys()].sort().join(', ');
  if (names !== [IDE_SCRIPT, IDE_STYLE].sort().join(', ')) throw new Error(`the GraphiQL bundle has unexpected files: ${names}`);
  return files;
}

function buildInfo(fingerprintHex: string, files: ReadonlyMap<string, Uint8Array>): IdeBuildInfo {
  return {
    fingerprint: fingerprintHex,
    files: Object.fromEntries(
      [...files].map(([name, body]) => [name, { bytes: body.byteLength, sha256: createHash('sha256').update(body).digest('hex') }]),
    ),
  };
}

function readBuildInfo(): IdeBuildInfo | null {
  try {
    return JSON.parse(readFileSync(join(IDE_ASSET_DIR, IDE_BUILD_INFO), 'utf8')) as IdeBuildInfo;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const current = fingerprint();
  const existing = readBuildInfo();
  if (process.argv.includes('--check')) {
    const fresh = buildInfo(current, await bundle());
    if (JSON.stringify(existing) !== JSON.stringify(fresh)) {
      process.stderr.write(`dist/ide is stale: it was not built from the current sources (run npm run build)\n`);
      process.exit(1);
    }
    process.stdout.write(`dist/ide is up to date (${Object.entries(fresh.files).map(([n, f]) => `${n} ${f.bytes} bytes`).join(', ')})\n`);
    return;
  }
  if (existing?.fingerprint === current) return;
  typeCheck();
  const files = await bundle();
  rmSync(IDE_ASSET_DIR, { recursive: true, force: true });
  mkdirSync(IDE_ASSET_DIR, { recursive: true });
  for (const [name, body] of files) {
    writeFileSync(join(IDE_ASSET_DIR, name), body);
    writeFileSync(join(IDE_ASSET_DIR, `${name}.gz`), gzipSync(body, { level: 9 }));
  }
  // Written last: a build that stopped half-way has no build.json, so the next one starts over.
  writeFileSync(join(IDE_ASSET_DIR, IDE_BUILD_INFO), `${JSON.stringify(buildInfo(current, files), null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`build-ide: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
