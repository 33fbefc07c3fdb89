import type { Feature } from './harness/scenario';
import { aliases } from './aliases';
import { customScalars } from './custom-scalars';
import { entityJoins } from './entity-joins';
import { enumIntersection } from './enum-intersection';
import { inaccessible } from './inaccessible';
import { includeSkip } from './include-skip';
import { interfaceObject } from './interface-object';
import { interfaces } from './interfaces';
import { keys } from './keys';
import { mutations } from './mutations';
import { nestedLists } from './nested-lists';
import { override } from './override';
import { provides } from './provides';
import { requires } from './requires';
import { shareable } from './shareable';
import { subgraphErrors } from './subgraph-errors';
import { unions } from './unions';

/** Every conformance feature, one folder each. */
export const FEATURES: readonly Feature[] = [aliases, customScalars, entityJoins, enumIntersection, inaccessible, includeSkip, interfaceObject, interfaces, keys, mutations, nestedLists, override, provides, requires, shareable, subgraphErrors, unions];
