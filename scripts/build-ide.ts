import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * What every build depends on besides the project files the bundle imports: the locked packages,
 * the tsconfig files esbuild reads (JSX mode, targets) and this script.
 */
const ALWAYS = ['package-lock.json', 'tsconfig.json', 'gateway/http/ide/browser/tsconfig.json', 'scripts/build-ide.ts'];

/**
 * Hash of the bundle's inputs: the project files it was built from (esbuild reports them, so a
 * new import shows in the file that imports it) plus ALWAYS. Null when one of them is gone.
 */
function fingerprint(projectInputs: readonly string[]): string | null {
  const hash = createHash('sha256');
  for (const file of [...new Set([...projectInputs, ...ALWAYS])].sort()) {
    if (!existsSync(join(PROJECT_ROOT, file))) return null;
    hash.update(file).update('\0').update(readFileSync(join(PROJECT_ROOT, file))).update('\0');
  }
  return hash.digest('hex');
}

function typeCheck(): void {
  const tsc = join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(BROWSER_DIR, 'tsconfig.json')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the GraphiQL page does not type-check:\n${result.stdout}${result.stderr}`);
}

interface Bundle {
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Project files (not node_modules) the bundle was built from, relative to the project root. */
  readonly inputs: readonly string[];
}

/** The bundle, built in memory. */
async function bundle(): Promise<Bundle> {
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
    metafile: true,
    absWorkingDir: PROJECT_ROOT,
    logLevel: 'silent',
  });
  const files = new Map<string, Uint8Array>();
  for (const file of result.outputFiles) files.set(relative(IDE_ASSET_DIR, file.path), file.contents);
  const names = [...files.keys()].sort().join(', ');
  if (names !== [IDE_SCRIPT, IDE_STYLE].sort().join(', ')) throw new Error(`the GraphiQL bundle has unexpected files: ${names}`);
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.split('/').includes('node_modules')).sort();
  return { files, inputs };
}

function buildInfo({ files, inputs }: Bundle): IdeBuildInfo {
  return {
    fingerprint: fingerprint(inputs)!,
    inputs,
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
  const existing = readBuildInfo();
  if (process.argv.includes('--check')) {
    const fresh = buildInfo(await bundle());
    if (JSON.stringify(existing) !== JSON.stringify(fresh)) {
      process.stderr.write(`dist/ide is stale: it was not built from the current sources (run npm run build)\n`);
      process.exit(1);
    }
    process.stdout.write(`dist/ide is up to date (${Object.entries(fresh.files).map(([n, f]) => `${n} ${f.bytes} bytes`).join(', ')})\n`);
    return;
  }
  if (Array.isArray(existing?.inputs) && existing.fingerprint === fingerprint(existing.inputs)) return;
  // The browser code is not part of the project's tsc build (no DOM there): checked here.
  typeCheck();
  const built = await bundle();
  rmSync(IDE_ASSET_DIR, { recursive: true, force: true });
  mkdirSync(IDE_ASSET_DIR, { recursive: true });
  for (const [name, body] of built.files) {
    writeFileSync(join(IDE_ASSET_DIR, name), body);
    writeFileSync(join(IDE_ASSET_DIR, `${name}.gz`), gzipSync(body, { level: 9 }));
  }
  // Written last: a build that stopped half-way has no build.json, so the next one starts over.
  writeFileSync(join(IDE_ASSET_DIR, IDE_BUILD_INFO), `${JSON.stringify(buildInfo(built), null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`build-ide: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
