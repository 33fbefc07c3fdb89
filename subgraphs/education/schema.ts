import { buildAgencySubgraphSchema, type BuiltSubgraphSchema } from '../shared/build-subgraph-schema';
import type { SubgraphContext } from '../shared/agency';
import type { EducationLoaders } from './data/loaders';
import { InstitutionResolver } from './resolvers/institution.resolver';

let built: BuiltSubgraphSchema | undefined;

/** Built once per process: type-graphql's metadata is global, the schema immutable. */
export function buildEducationSchema(): BuiltSubgraphSchema {
  built ??= buildAgencySubgraphSchema({
    resolvers: [InstitutionResolver],
    referenceResolvers: {
      Institution: {
        __resolveReference: (reference: { uscc: string }, ctx: SubgraphContext<EducationLoaders>) =>
          ctx.loaders.institution.load(reference.uscc),
      },
    },
  });
  return built;
}
