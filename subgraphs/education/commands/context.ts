import type { SubgraphContext } from '../../shared/agency';
import type { EducationLoaders } from '../data/loaders';
import type { EducationWrites } from './writes';

export type EducationContext = SubgraphContext<EducationLoaders, EducationWrites | null>;
export { commandSide } from '../../shared/commands/agency-writes';
