import type { SubgraphContext } from '../../shared/agency';
import { officerOf, type Actor } from '../../shared/commands/actor';
import type { EducationLoaders } from '../data/loaders';
import type { EducationWrites } from './writes';

export type EducationContext = SubgraphContext<EducationLoaders, EducationWrites | null>;

/** The command side and the acting officer; an app built without a writer has no command side. */
export function commandSide(ctx: EducationContext): { writes: EducationWrites; actor: Actor; now: Date } {
  if (!ctx.writes) throw new Error('the education subgraph was built without its command side');
  return { writes: ctx.writes, actor: officerOf(ctx.principal), now: ctx.writes.environment.now() };
}
