import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../shared/agency';
import { CREDIT_FACT_FIELDS, FACT_AGENCIES, type CreditFactSheet } from '../../shared/credit-facts/credit-fact';
import { subgraphError } from '../../shared/errors';
import { todayIso } from '../../shared/types/publicity-status';
import type { CreditLoaders } from '../data/loaders';
import { creditPlatformInputs, staffMatches } from '../evaluation/credit-inputs';
import { schemeInForce } from '../evaluation/credit-scheme';
import { evaluate, type EvaluationInput } from '../evaluation/evaluate';
import { CreditEvaluation } from '../types/credit-evaluation.type';
import { Institution } from '../types/institution.type';

type Context = SubgraphContext<CreditLoaders>;

/** The sealed sheets `@requires` brought, one per agency, keyed as the representation carries them. */
export type InstitutionWithFacts = Institution & Partial<Record<(typeof CREDIT_FACT_FIELDS)[keyof typeof CREDIT_FACT_FIELDS], string | null>>;

export const REQUIRED_FACT_FIELDS = Object.values(CREDIT_FACT_FIELDS).join(' ');

/** Opens every agency's sheet; a missing or unverifiable one makes the grade unknowable, never a guess. */
function openSheets(ctx: Context, institution: InstitutionWithFacts, now: Date): CreditFactSheet[] {
  if (!ctx.factSeal) throw new Error('CREDIT_FACTS_KEY_FILE is not configured: the credit subgraph cannot open the facts it is sent');
  return FACT_AGENCIES.map((agency) => {
    const sealed = institution[CREDIT_FACT_FIELDS[agency]];
    const sheet = typeof sealed === 'string' ? ctx.factSeal!.open(sealed, agency, institution.uscc, now) : null;
    if (!sheet) {
      throw subgraphError('SUBGRAPH_UNAVAILABLE', `the credit evaluation needs the ${agency} subgraph's facts, which did not arrive or did not verify`, { serviceName: agency });
    }
    return sheet;
  });
}

@Resolver(() => Institution)
export class CreditEvaluationResolver {
  @FieldResolver(() => CreditEvaluation, {
    nullable: true,
    description:
      'Public credit evaluation under rules/credit-scheme.json, from every agency\'s facts (fetched for it by @requires, sealed ' +
      'end to end). Grade and score are public; factors appear only where the caller may see the record behind them.',
  })
  @Directive(`@requires(fields: "${REQUIRED_FACT_FIELDS}")`)
  async creditEvaluation(@Root() institution: InstitutionWithFacts, @Ctx() ctx: Context): Promise<CreditEvaluation> {
    const now = new Date();
    const today = todayIso(now);
    const sheets = openSheets(ctx, institution, now);
    const staff = sheets.flatMap((s) => s.staff ?? []);
    const [own, staffFlags] = await Promise.all([creditPlatformInputs(ctx.loaders, institution.uscc, today), staffMatches(ctx.loaders, staff)]);
    const inputs: EvaluationInput[] = [
      ...sheets.flatMap((sheet) => sheet.facts.map((f) => ({ ...f, agency: sheet.agency }))),
      ...own,
      // The list entry is the credit platform's record; whether a caller may see it is the identity scope's.
      ...staffFlags.map((flag) => ({ agency: 'credit', fact: 'STAFF_LISTED', recordRef: flag.recordRef, asOf: flag.listedOn, public: false })),
    ];
    const evaluation = evaluate(institution.uscc, schemeInForce(today), today, inputs, ctx.principal.scopes);
    return Object.assign(new CreditEvaluation(), { ...evaluation, staffFlags });
  }
}
