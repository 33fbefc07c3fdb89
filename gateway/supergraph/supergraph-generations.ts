import { createHash } from 'node:crypto';

/** Everything that is built from one supergraph and serves requests with it. */
export interface Generation<P> {
  /** What requests run on: the pipeline composed over this supergraph. */
  readonly serve: P;
  /** Called in the turn it becomes the one served. */
  activate(): void;
  /** Releases what only this generation holds; called once no request runs on it any more. */
  retire(): Promise<void>;
}

export type ReloadResult =
  | { readonly outcome: 'loaded'; readonly sha256: string }
  | { readonly outcome: 'unchanged'; readonly sha256: string }
  | { readonly outcome: 'refused'; readonly sha256: string; readonly reason: string };

/**
 * The supergraph being served, swapped atomically. A new SDL is built into a whole new generation
 * beside the current one; only if that succeeds does one assignment make it current, so a bad
 * file changes nothing. A request runs to its end on the generation it started on; a replaced
 * generation retires when its last request is answered. Reloads run one at a time.
 */
export class SupergraphGenerations<P> {
  private current: Generation<P>;
  private currentHash: string;
  private readonly active = new Map<Generation<P>, number>();
  private readonly replaced = new Set<Generation<P>>();
  private reloading: Promise<unknown> = Promise.resolve();

  private constructor(first: Generation<P>, hash: string, private readonly build: (sdl: string) => Promise<Generation<P>>) {
    this.current = first;
    this.currentHash = hash;
    first.activate();
  }

  /** The first generation; a bad supergraph here stops the boot. */
  static async start<P>(sdl: string, build: (sdl: string) => Promise<Generation<P>>): Promise<SupergraphGenerations<P>> {
    return new SupergraphGenerations(await build(sdl), sha256(sdl), build);
  }

  get sha256(): string {
    return this.currentHash;
  }

  /** Runs `use` on the current generation, which stays alive until it settles. */
  async run<T>(use: (serve: P) => Promise<T>): Promise<T> {
    const generation = this.current;
    this.active.set(generation, (this.active.get(generation) ?? 0) + 1);
    try {
      return await use(generation.serve);
    } finally {
      const left = (this.active.get(generation) ?? 1) - 1;
      if (left > 0) this.active.set(generation, left);
      else {
        this.active.delete(generation);
        if (this.replaced.delete(generation)) void generation.retire();
      }
    }
  }

  /** Builds `sdl` and, if it builds, makes it current. */
  reload(sdl: string): Promise<ReloadResult> {
    const next = this.reloading.then(() => this.swap(sdl));
    this.reloading = next.catch(() => undefined);
    return next;
  }

  /** Retires every generation: the current one and any still finishing requests. */
  async close(): Promise<void> {
    await this.reloading;
    await Promise.all([this.current, ...this.replaced].map((g) => g.retire()));
    this.replaced.clear();
  }

  private async swap(sdl: string): Promise<ReloadResult> {
    const hash = sha256(sdl);
    if (hash === this.currentHash) return { outcome: 'unchanged', sha256: hash };
    let built: Generation<P>;
    try {
      built = await this.build(sdl);
    } catch (error) {
      return { outcome: 'refused', sha256: hash, reason: error instanceof Error ? error.message : String(error) };
    }
    const previous = this.current;
    this.current = built;
    this.currentHash = hash;
    built.activate();
    if (this.active.has(previous)) this.replaced.add(previous);
    else await previous.retire();
    return { outcome: 'loaded', sha256: hash };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
