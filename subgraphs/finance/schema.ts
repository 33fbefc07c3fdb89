import { buildAgencySubgraphSchema, type BuiltSubgraphSchema } from '../shared/build-subgraph-schema';
import { CustodyCommands } from './commands/custody.commands';
import { CustodyResolver } from './resolvers/custody.resolver';
import { PrepaidCustodyResolver } from './resolvers/prepaid-custody.resolver';
import { CreditFactsResolver } from './resolvers/credit-facts.resolver';
import { InstitutionResolver } from './resolvers/institution.resolver';

let built: BuiltSubgraphSchema | undefined;

/** Built once per process: type-graphql's metadata is global, the schema immutable. */
export function buildFinanceSchema(): BuiltSubgraphSchema {
  built ??= buildAgencySubgraphSchema({
    resolvers: [InstitutionResolver, CreditFactsResolver, CustodyResolver, PrepaidCustodyResolver, CustodyCommands],
    referenceResolvers: {
      Institution: {
        // No database access: an institution finance has no rows for is still an institution.
        __resolveReference: (reference: { uscc: string }) => ({ uscc: reference.uscc }),
      },
    },
  });
  return built;
}
