import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../common/project-root';

/** Where `npm run build` (scripts/build-ide.ts) writes the GraphiQL bundle. */
export const IDE_ASSET_DIR = join(PROJECT_ROOT, 'dist', 'ide');
export const IDE_SCRIPT = 'graphiql.js';
export const IDE_STYLE = 'graphiql.css';
/** The build's record: its inputs, their fingerprint and the hash of each file it wrote. */
export const IDE_BUILD_INFO = 'build.json';

export interface IdeBuildInfo {
  readonly fingerprint: string;
  readonly inputs: readonly string[];
  readonly files: Readonly<Record<string, { readonly bytes: number; readonly sha256: string }>>;
}

export interface IdeAsset {
  readonly body: Buffer;
  /** The same bytes gzipped at build time, sent to clients that accept gzip. */
  readonly gzip: Buffer;
  readonly contentType: string;
  /** Strong validators, one per representation (the gzipped bytes are another). */
  readonly etag: string;
  readonly gzipEtag: string;
}

export interface IdeAssets {
  /** Short content hash of the bundle, appended to asset URLs so a new build is never served from a stale cache. */
  readonly version: string;
  readonly files: ReadonlyMap<string, IdeAsset>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  [IDE_SCRIPT]: 'text/javascript; charset=utf-8',
  [IDE_STYLE]: 'text/css; charset=utf-8',
};

/**
 * A built bundle (GraphiQL's by default; the report page's charts use the same machinery), or why there is none (`npm run build` has not run, or was interrupted): the
 * gateway serves GraphQL either way and says so to whoever opens the page.
 */
export function loadIdeAssets(dir: string = IDE_ASSET_DIR, contentTypes: Readonly<Record<string, string>> = CONTENT_TYPES): IdeAssets | { readonly unavailable: string } {
  try {
    const info = JSON.parse(readFileSync(join(dir, IDE_BUILD_INFO), 'utf8')) as IdeBuildInfo;
    const files = new Map<string, IdeAsset>();
    for (const [name, contentType] of Object.entries(contentTypes)) {
      const body = readFileSync(join(dir, name));
      const sha256 = createHash('sha256').update(body).digest('hex');
      if (sha256 !== info.files[name]?.sha256) return { unavailable: `${join(dir, name)} does not match ${IDE_BUILD_INFO}` };
      const tag = sha256.slice(0, 32);
      files.set(name, { body, gzip: readFileSync(join(dir, `${name}.gz`)), contentType, etag: `"${tag}"`, gzipEtag: `"${tag}.gz"` });
    }
    const version = createHash('sha256').update([...files.values()].map((f) => f.etag).join()).digest('hex').slice(0, 12);
    return { version, files };
  } catch (error) {
    return { unavailable: (error as Error).message };
  }
}
