import { readFileSync } from 'node:fs';
import { buildASTSchema, getNamedType, isCompositeType, isLeafType, isObjectType, parse, type GraphQLObjectType } from 'graphql';
import { ANONYMOUS } from '../../common/principal';
import { requirementSatisfied } from '../../gateway/authorize/requirements';
import { prepareSupergraph } from '../../gateway/supergraph/prepare-supergraph';
import { SUPERGRAPH_PATH } from '../../schema/paths';

export interface WorstQuery {
  /** The limit this query sits at. */
  readonly limit: string;
  readonly name: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
  /** What the gateway answers: 200 for every admitted query; one sits at the token limit and fails validation after it. */
  readonly status: 200 | 400;
}

/**
 * An anonymous selection of Institution as wide as the height limit allows: every field an
 * anonymous caller may see, objects down to `levels` deep, lists cut to one item, until `height`
 * fields are selected (Router counting: one per distinct field, nested ones included).
 */
function widestSelection(height: number, levels: number): string {
  const supergraph = prepareSupergraph(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const schema = buildASTSchema(parse(supergraph.executableSdl), { assumeValidSDL: true });
  // @inaccessible fields stay in the executable schema for the planner; no client may name them.
  const inaccessible = (type: string, field: string) => (schema.getType(type) as GraphQLObjectType).getFields()[field]?.astNode?.directives?.some((d) => d.name.value === 'inaccessible') ?? false;
  const visible = (type: string, field: string, returns: string) =>
    !inaccessible(type, field)
    && requirementSatisfied(supergraph.requirements.fields.get(`${type}.${field}`), ANONYMOUS)
    && requirementSatisfied(supergraph.requirements.types.get(returns), ANONYMOUS)
    && requirementSatisfied(supergraph.requirements.types.get(type), ANONYMOUS);
  let budget = height - 1;
  const select = (type: GraphQLObjectType, depth: number): string => {
    const parts: string[] = [];
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (budget <= 0 || !visible(type.name, field.name, named.name)) continue;
      if (field.args.some((a) => a.type.toString().endsWith('!') && a.defaultValue === undefined)) continue;
      if (isLeafType(named)) {
        parts.push(field.name);
        budget -= 1;
      } else if (isObjectType(named) && isCompositeType(named) && depth < levels && budget > 1) {
        budget -= 1;
        const args = field.args.some((a) => a.name === 'first') ? '(first: 1)' : '';
        const inner = select(named, depth + 1);
        if (inner) parts.push(`${field.name}${args} { ${inner} }`);
        else budget += 1;
      }
    }
    return parts.join(' ');
  };
  return select(schema.getType('Institution') as GraphQLObjectType, 1);
}

/** institution -> patents -> holder -> patents -> ..., `depth` levels of fields in all. */
export function deepQuery(depth: number): string {
  const wrappers = depth - 2;
  let inner = wrappers % 2 === 1 ? 'title' : 'name';
  for (let level = wrappers; level >= 1; level -= 1) inner = level % 2 === 1 ? `patents(first: 1) { ${inner} }` : `holder { ${inner} }`;
  return `query($u: USCC!) { institution(uscc: $u) { ${inner} } }`;
}

/**
 * For each documented anonymous default (README), the most demanding query it still admits: what
 * the event-loop check and `npm run bench:limits` run. Every one passes every other limit too.
 */
export function worstAdmittedQueries(usccs: readonly string[]): WorstQuery[] {
  const u = usccs[0] as string;
  const everyList = `${['courses', 'trainers', 'businessSystems', 'marketLicences', 'marketPenalties', 'abnormalOperationListings', 'seriousViolationListings',
    'spotChecks', 'creditLicences', 'creditPenalties', 'creditDishonestyListings', 'creditIncentiveListings', 'creditJudgmentDefaulters', 'creditCommitments',
    'patents', 'trademarks', 'softwareCopyrights', 'ipCreditRecords', 'ipEnforcementDecisions', 'financialPenalties']
    .map((list) => `${list}(first: 100) { __typename }`).join(' ')}`;
  return [
    { limit: '(none)', name: 'typename', query: '{ __typename }', variables: {}, status: 200 },
    { limit: 'max_depth 10', name: 'institution>patents>holder>... 10 deep', query: deepQuery(10), variables: { u }, status: 200 },
    { limit: 'max_height 200', name: '200 distinct public fields', query: `query($u: USCC!) { institution(uscc: $u) { ${widestSelection(200, 3)} } }`, variables: { u }, status: 200 },
    {
      limit: 'max_root_fields 20',
      name: '20 pages of 69 institutions',
      query: `{ ${Array.from({ length: 20 }, (_, i) => `p${i}: institutions(first: 69) { edges { node { uscc name } } }`).join(' ')} }`,
      variables: {},
      status: 200,
    },
    {
      limit: 'max_aliases 30',
      name: '20 aliased institutions, 10 aliased fields',
      query: `{ ${usccs.slice(0, 20).map((uscc, i) => `i${i}: institution(uscc: "${uscc}") { name ${i < 10 ? `n${i}: regionName` : ''} courses(first: 5) { title } }`).join(' ')} }`,
      variables: {},
      status: 200,
    },
    {
      limit: 'max_directives 50',
      name: '50 @include on one institution',
      query: `query($u: USCC!, $t: Boolean!) { institution(uscc: $u) { ${Array.from({ length: 50 }, (_, i) => `f${i % 25}: ${i % 2 ? 'name' : 'regionName'} @include(if: $t)`).slice(0, 25).join(' ')} courses @include(if: $t) @skip(if: false) { title @include(if: $t) } ${'name @include(if: $t) '.repeat(22)} } }`,
      variables: { u, t: true },
      status: 200,
    },
    { limit: 'max_cost 3000', name: '100 institutions x 29 objects', query: `{ institutions(first: 100) { edges { node { uscc name filing { listStatus } registration { legalName } prepaidCustody { mode } courses(first: 6) { title } marketPenalties(first: 6) { decisionDocNo } creditPenalties(first: 6) { decisionDocNo } patents(first: 6) { title } } } } }`, variables: {}, status: 200 },
    { limit: 'max_cost 3000', name: '1 institution, 20 lists of 100', query: `query($u: USCC!) { institution(uscc: $u) { name ${everyList} } }`, variables: { u }, status: 200 },
    {
      limit: 'MAX_QUERY_BYTES 65536',
      name: '7,900-token enum list argument',
      query: `{ institution(uscc: "${u}") { name creditRecords(first: 5, kinds: [${'LICENCE '.repeat(7890)}]) { id } } }`,
      variables: {},
      status: 200,
    },
    {
      // Only one-character tokens reach the token limit inside the byte limit; validation then refuses the unused variable.
      limit: 'parser_max_tokens 15000',
      name: '14,980-token list default (refused by validation)',
      query: `query($u: USCC!, $x: [Int] = [${'1 '.repeat(14_960)}]) { institution(uscc: $u) { name } }`,
      variables: { u },
      status: 400,
    },
    {
      limit: 'MAX_QUERY_BYTES 65536',
      name: '64 KB name search',
      query: `{ institutions(first: 100, filter: { nameContains: "${'学'.repeat(21_000)}" }) { edges { node { uscc } } } }`,
      variables: {},
      status: 200,
    },
  ];
}
