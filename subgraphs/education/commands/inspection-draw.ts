import { createHash } from 'node:crypto';
import { badUserInput } from '../../shared/errors';

export const DRAW_ALGORITHM = 'sha256-counter/fisher-yates/v1';

export interface DrawInput {
  readonly seed: string;
  /** The object register: USCCs of the institutions that may be drawn, in USCC order. */
  readonly objects: readonly string[];
  /** The inspector register: enforcement-certificate numbers, in order. */
  readonly inspectors: readonly string[];
  readonly objectCount: number;
  readonly inspectorsPerTask: number;
  /** Inspectors who must not inspect an institution (conflict of interest), by USCC. */
  readonly recusals: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface Draw {
  readonly registerSnapshotHash: string;
  readonly tasks: readonly { readonly uscc: string; readonly inspectors: readonly string[] }[];
}

/** SHA-256 of both registers as drawn from; publishing it lets anyone check the register was not changed. */
export function registerSnapshotHash(objects: readonly string[], inspectors: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify({ objects, inspectors })).digest('hex');
}

/**
 * 双随机: random objects and random inspectors, reproducibly. The random stream is SHA-256 of
 * (seed, snapshot hash, counter), so the same seed over the same registers gives the same draw on
 * any machine, and a changed register gives a different one. Objects are the first `objectCount`
 * of a Fisher-Yates shuffle; each object's inspectors are drawn the same way from those not recused.
 */
export function drawInspections(input: DrawInput): Draw {
  if (input.inspectorsPerTask < 2) throw badUserInput('input.inspectorsPerTask must be at least 2 (two inspectors per inspection)', { argument: 'input.inspectorsPerTask' });
  if (input.objectCount < 1 || input.objectCount > input.objects.length) {
    throw badUserInput(`input.objectCount must be from 1 to ${input.objects.length}, the institutions in the register`, { argument: 'input.objectCount' });
  }
  const snapshot = registerSnapshotHash(input.objects, input.inspectors);
  let counter = 0;
  let pool: Buffer = Buffer.alloc(0);
  const nextUint32 = (): number => {
    if (pool.length < 4) pool = createHash('sha256').update(`${input.seed}\n${snapshot}\n${counter++}`).digest();
    const value = pool.readUInt32BE(0);
    pool = pool.subarray(4);
    return value;
  };
  // Rejection sampling keeps every index equally likely.
  const below = (n: number): number => {
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    for (;;) {
      const value = nextUint32();
      if (value < limit) return value % n;
    }
  };
  const shuffleFirst = <T>(items: readonly T[], count: number): T[] => {
    const copy = [...items];
    for (let i = 0; i < count; i += 1) {
      const j = i + below(copy.length - i);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, count);
  };
  const objects = shuffleFirst(input.objects, input.objectCount);
  const tasks = objects.map((uscc) => {
    const recused = input.recusals.get(uscc) ?? new Set<string>();
    const eligible = input.inspectors.filter((inspector) => !recused.has(inspector));
    if (eligible.length < input.inspectorsPerTask) {
      throw badUserInput(`only ${eligible.length} inspectors are left for ${uscc} after recusals; ${input.inspectorsPerTask} are needed`, { reason: 'TOO_FEW_INSPECTORS', uscc });
    }
    return { uscc, inspectors: shuffleFirst(eligible, input.inspectorsPerTask) };
  });
  return { registerSnapshotHash: snapshot, tasks };
}
