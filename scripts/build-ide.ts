import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../common/project-root';
import { IDE_ASSET_DIR, IDE_BUILD_INFO, IDE_SCRIPT, IDE_STYLE, type IdeBuildInfo } from '../gateway/http/ide/ide-assets';
import { REPORT_ASSET_DIR, REPORT_SCRIPT } from '../intel/http/report-page/report-assets';

/**
 * Bundles the pages' browser code (run by `npm run build`): the gateway's GraphiQL page (GraphiQL,
 * React and the page's own code) and the joint-conference report page (Apache ECharts and the
 * page's code), each into dist/<name> so its server serves it with no CDN. A bundle is skipped
 * when its inputs are unchanged; `--check` rebuilds in memory and exits 1 when one differs from
 * what the sources build to now.
 */
interface BundleSpec {
  readonly name: string;
  /** The browser code's folder: its own tsconfig type-checks it (no DOM in the project's build). */
  readonly browserDir: string;
  readonly entryPoints: Readonly<Record<string, string>>;
  readonly outDir: string;
  /** The files the bundle must produce, no more and no fewer. */
  readonly files: readonly string[];
  readonly external?: readonly string[];
}

const IDE_BROWSER = join(PROJECT_ROOT, 'gateway/http/ide/browser');
const REPORT_BROWSER = join(PROJECT_ROOT, 'intel/http/report-page/browser');
const BUNDLES: readonly BundleSpec[] = [
  {
    name: 'GraphiQL',
    browserDir: IDE_BROWSER,
    entryPoints: { graphiql: join(IDE_BROWSER, 'graphiql-app.tsx') },
    outDir: IDE_ASSET_DIR,
    files: [IDE_SCRIPT, IDE_STYLE],
    // GraphiQL's fetcher loads graphql-ws only for subscriptions, which this schema has none of.
    external: ['graphql-ws'],
  },
  {
    name: 'report charts',
    browserDir: REPORT_BROWSER,
    entryPoints: { 'report-charts': join(REPORT_BROWSER, 'report-charts.ts') },
    outDir: REPORT_ASSET_DIR,
    files: [REPORT_SCRIPT],
  },
];

/**
 * What every build depends on besides the project files the bundle imports: the locked packages,
 * the tsconfig files esbuild reads (JSX mode, targets) and this script.
 */
function always(spec: BundleSpec): string[] {
  return ['package-lock.json', 'tsconfig.json', relative(PROJECT_ROOT, join(spec.browserDir, 'tsconfig.json')), 'scripts/build-ide.ts'];
}

/**
 * Hash of the bundle's inputs: the project files it was built from (esbuild reports them, so a
 * new import shows in the file that imports it) plus always(). Null when one of them is gone.
 */
function fingerprint(spec: BundleSpec, projectInputs: readonly string[]): string | null {
  const hash = createHash('sha256');
  for (const file of [...new Set([...projectInputs, ...always(spec)])].sort()) {
    if (!existsSync(join(PROJECT_ROOT, file))) return null;
    hash.update(file).update('\0').update(readFileSync(join(PROJECT_ROOT, file))).update('\0');
  }
  return hash.digest('hex');
}

function typeCheck(spec: BundleSpec): void {
  const tsc = join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(spec.browserDir, 'tsconfig.json')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the ${spec.name} page does not type-check:\n${result.stdout}${result.stderr}`);
}

interface Bundle {
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Project files (not node_modules) the bundle was built from, relative to the project root. */
  readonly inputs: readonly string[];
}

/** The bundle, built in memory. */
async function bundle(spec: BundleSpec): Promise<Bundle> {
  // esbuild is a development dependency: loaded here so no server's runtime ever needs it.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: { ...spec.entryPoints },
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    define: { 'process.env.NODE_ENV': '"production"' },
    external: [...(spec.external ?? [])],
    legalComments: 'eof',
    charset: 'utf8',
    outdir: spec.outDir,
    write: false,
    metafile: true,
    absWorkingDir: PROJECT_ROOT,
    logLevel: 'silent',
  });
  const files = new Map<string, Uint8Array>();
  for (const file of result.outputFiles) files.set(relative(spec.outDir, file.path), file.contents);
  const names = [...files.keys()].sort().join(', ');
  if (names !== [...spec.files].sort().join(', ')) throw new Error(`the ${spec.name} bundle has unexpected files: ${names}`);
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.split('/').includes('node_modules')).sort();
  return { files, inputs };
}

function buildInfo(spec: BundleSpec, { files, inputs }: Bundle): IdeBuildInfo {
  return {
    fingerprint: fingerprint(spec, inputs)!,
    inputs,
    files: Object.fromEntries(
      [...files].map(([name, body]) => [name, { bytes: body.byteLength, sha256: createHash('sha256').update(body).digest('hex') }]),
    ),
  };
}

function readBuildInfo(spec: BundleSpec): IdeBuildInfo | null {
  try {
    return JSON.parse(readFileSync(join(spec.outDir, IDE_BUILD_INFO), 'utf8')) as IdeBuildInfo;
  } catch {
    return null;
  }
}

async function build(spec: BundleSpec, check: boolean): Promise<boolean> {
  const existing = readBuildInfo(spec);
  const dir = relative(PROJECT_ROOT, spec.outDir);
  if (check) {
    const fresh = buildInfo(spec, await bundle(spec));
    if (JSON.stringify(existing) !== JSON.stringify(fresh)) {
      process.stderr.write(`${dir} is stale: it was not built from the current sources (run npm run build)\n`);
      return false;
    }
    process.stdout.write(`${dir} is up to date (${Object.entries(fresh.files).map(([n, f]) => `${n} ${f.bytes} bytes`).join(', ')})\n`);
    return true;
  }
  if (Array.isArray(existing?.inputs) && existing.fingerprint === fingerprint(spec, existing.inputs)) return true;
  typeCheck(spec);
  const built = await bundle(spec);
  rmSync(spec.outDir, { recursive: true, force: true });
  mkdirSync(spec.outDir, { recursive: true });
  for (const [name, body] of built.files) {
    writeFileSync(join(spec.outDir, name), body);
    writeFileSync(join(spec.outDir, `${name}.gz`), gzipSync(body, { level: 9 }));
  }
  // Written last: a build that stopped half-way has no build.json, so the next one starts over.
  writeFileSync(join(spec.outDir, IDE_BUILD_INFO), `${JSON.stringify(buildInfo(spec, built), null, 2)}\n`);
  return true;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  let ok = true;
  for (const spec of BUNDLES) ok = (await build(spec, check)) && ok;
  if (!ok) process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`build-ide: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
