import { buildAgencySubgraphSchema, type BuiltSubgraphSchema } from '../shared/build-subgraph-schema';
import type { SubgraphContext } from '../shared/agency';
import type { EducationLoaders } from './data/loaders';
import { ComplaintCommands } from './commands/complaint.commands';
import { InspectionCommands } from './commands/inspection.commands';
import { ListStatusCommands } from './commands/list-status.commands';
import { NoticeCommands } from './commands/notice.commands';
import { RectificationCommands } from './commands/rectification.commands';
import { RegulatoryStatusCommands } from './commands/regulatory-status.commands';
import { ViolationLeadCommands } from './commands/violation-lead.commands';
import { InstitutionRiskAlertsResolver, RiskAlertCommands } from './commands/risk-alert.commands';
import { CreditFactsResolver } from './resolvers/credit-facts.resolver';
import { InstitutionResolver } from './resolvers/institution.resolver';
import { EducationEventsResolver, SupervisionResolver } from './resolvers/supervision.resolver';

let built: BuiltSubgraphSchema | undefined;

/** Built once per process: type-graphql's metadata is global, the schema immutable. */
export function buildEducationSchema(): BuiltSubgraphSchema {
  built ??= buildAgencySubgraphSchema({
    resolvers: [
      InstitutionResolver, SupervisionResolver, EducationEventsResolver, CreditFactsResolver,
      RiskAlertCommands, InstitutionRiskAlertsResolver,
      RegulatoryStatusCommands, ListStatusCommands, RectificationCommands, InspectionCommands, NoticeCommands, ComplaintCommands, ViolationLeadCommands,
    ],
    referenceResolvers: {
      Institution: {
        __resolveReference: (reference: { uscc: string }, ctx: SubgraphContext<EducationLoaders>) =>
          ctx.loaders.institution.load(reference.uscc),
      },
    },
  });
  return built;
}
