import type { Feature } from './harness/scenario';
import { inaccessible } from './inaccessible';
import { mutations } from './mutations';

/** Every conformance feature, one folder each. */
export const FEATURES: readonly Feature[] = [inaccessible, mutations];
