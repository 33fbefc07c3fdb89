import { parseUsccInput } from '../../common/scalars/uscc.scalar';
import { buildAgencySubgraphSchema, type BuiltSubgraphSchema } from '../shared/build-subgraph-schema';
import { AnnualReportResolver } from './resolvers/annual-report.resolver';
import { MarketCommands } from './commands/market.commands';
import { CreditFactsResolver } from './resolvers/credit-facts.resolver';
import { InstitutionResolver } from './resolvers/institution.resolver';
import { MarketEventsResolver, MarketSupervisionResolver } from './resolvers/market-supervision.resolver';
import { RegistrationLookupResolver } from './resolvers/registration-lookup.resolver';

let built: BuiltSubgraphSchema | undefined;

/** Built once per process: type-graphql's metadata is global, the schema immutable. */
export function buildMarketSchema(): BuiltSubgraphSchema {
  built ??= buildAgencySubgraphSchema({
    resolvers: [InstitutionResolver, CreditFactsResolver, AnnualReportResolver, RegistrationLookupResolver, MarketSupervisionResolver, MarketEventsResolver, MarketCommands],
    referenceResolvers: {
      Institution: {
        // Any valid USCC is an institution: one market regulation holds nothing on has null and empty
        // fields. No database access; a malformed key is BAD_USER_INPUT, not a failure to serialize later.
        __resolveReference: (reference: { uscc: unknown }) => ({ uscc: parseUsccInput(reference.uscc) }),
      },
    },
  });
  return built;
}
