import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';

export const SCHEMA_DIR = join(PROJECT_ROOT, 'schema');
export const SUPERGRAPH_PATH = join(SCHEMA_DIR, 'supergraph.graphql');
