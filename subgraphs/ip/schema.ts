import { parseUsccInput } from '../../common/scalars/uscc.scalar';
import { buildAgencySubgraphSchema, type BuiltSubgraphSchema } from '../shared/build-subgraph-schema';
import { CreditFactsResolver } from './resolvers/credit-facts.resolver';
import { InstitutionResolver } from './resolvers/institution.resolver';
import { IpRightResolver } from './resolvers/ip-right.resolver';

let built: BuiltSubgraphSchema | undefined;

/** Built once per process: type-graphql's metadata is global, the schema immutable. */
export function buildIpSchema(): BuiltSubgraphSchema {
  built ??= buildAgencySubgraphSchema({
    resolvers: [InstitutionResolver, CreditFactsResolver, IpRightResolver],
    referenceResolvers: {
      Institution: {
        // Any valid USCC is an institution here; one with no IP on record simply has empty lists.
        // Representations bypass the USCC scalar, so the key is checked here (BAD_USER_INPUT).
        __resolveReference: (reference: { uscc: unknown }) => ({ uscc: parseUsccInput(reference.uscc) }),
      },
    },
  });
  return built;
}
