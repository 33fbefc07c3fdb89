import { parseUsccInput } from '../../common/scalars/uscc.scalar';
import { buildAgencySubgraphSchema, type BuiltSubgraphSchema } from '../shared/build-subgraph-schema';
import { CREDIT_FACT_FIELDS } from '../shared/credit-facts/credit-fact';
import { CreditEvaluationResolver } from './resolvers/credit-evaluation.resolver';
import { CreditRecordResolver } from './resolvers/credit-record.resolver';
import { InstitutionResolver } from './resolvers/institution.resolver';

let built: BuiltSubgraphSchema | undefined;

/** Built once per process: type-graphql's metadata is global, the schema immutable. */
export function buildCreditSchema(): BuiltSubgraphSchema {
  built ??= buildAgencySubgraphSchema({
    resolvers: [InstitutionResolver, CreditRecordResolver, CreditEvaluationResolver],
    referenceResolvers: {
      // Any institution is an institution here: no lookup, its credit lists are simply empty. The
      // key is checked like a USCC argument, since representations bypass the scalar's input parsing.
      Institution: {
        // The sealed facts `@requires` brings ride along to creditEvaluation.
        __resolveReference: (reference: Record<string, unknown>) => {
          const institution: Record<string, unknown> = { uscc: parseUsccInput(reference.uscc) };
          for (const field of Object.values(CREDIT_FACT_FIELDS)) if (field in reference) institution[field] = reference[field];
          return institution;
        },
      },
    },
  });
  return built;
}
