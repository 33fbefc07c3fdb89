import { parseUsccInput } from '../../common/scalars/uscc.scalar';
import { buildAgencySubgraphSchema, type BuiltSubgraphSchema } from '../shared/build-subgraph-schema';
import { CreditRecordResolver } from './resolvers/credit-record.resolver';
import { InstitutionResolver } from './resolvers/institution.resolver';

let built: BuiltSubgraphSchema | undefined;

/** Built once per process: type-graphql's metadata is global, the schema immutable. */
export function buildCreditSchema(): BuiltSubgraphSchema {
  built ??= buildAgencySubgraphSchema({
    resolvers: [InstitutionResolver, CreditRecordResolver],
    referenceResolvers: {
      // Any institution is an institution here: no lookup, its credit lists are simply empty. The
      // key is checked like a USCC argument, since representations bypass the scalar's input parsing.
      Institution: {
        __resolveReference: (reference: { uscc: unknown }) => ({ uscc: parseUsccInput(reference.uscc) }),
      },
    },
  });
  return built;
}
