import type { FastifyBaseLogger } from 'fastify';
import type { DocumentNode } from 'graphql';
import type { CallerLimits } from '../../policies/caller-limits';
import { gatewayError, type GatewayErrorCode } from '../errors/error-catalogue';
import type { OperationFacts, OperationResponse } from '../pipeline/operation';
import { introspectionUse } from '../schema-exposure/introspection-fields';
import { measureOperation, type OperationMeasurements } from './measure-operation';

/**
 * Introspection-only operations are answered from the schema in the gateway, not planned, so the
 * depth and height limits give way to introspection's own: GraphiQL's introspection query (depth
 * 15, height about 230, list fields nested 3 deep) passes; nesting `fields` in `type` in `fields`
 * (whose answer grows with the schema's size to that power) does not.
 */
export const INTROSPECTION_MAX_DEPTH = 20;
export const INTROSPECTION_MAX_LIST_NESTING = 3;

interface LimitRule {
  readonly key: keyof CallerLimits;
  readonly measure: keyof OperationMeasurements;
  /** Apollo Router's configuration name, used in logs and `extensions.limit`. */
  readonly name: string;
  readonly code: GatewayErrorCode;
  readonly message: string;
}

/** Apollo Router's codes and messages; directives are ours, worded the same way. */
export const LIMIT_RULES: readonly LimitRule[] = [
  { key: 'maxDepth', measure: 'depth', name: 'max_depth', code: 'MAX_DEPTH_LIMIT', message: 'Maximum depth limit exceeded in this operation' },
  { key: 'maxHeight', measure: 'height', name: 'max_height', code: 'MAX_HEIGHT_LIMIT', message: 'Maximum height (field count) limit exceeded in this operation' },
  { key: 'maxRootFields', measure: 'rootFields', name: 'max_root_fields', code: 'MAX_ROOT_FIELDS_LIMIT', message: 'Maximum root fields limit exceeded in this operation' },
  { key: 'maxAliases', measure: 'aliases', name: 'max_aliases', code: 'MAX_ALIASES_LIMIT', message: 'Maximum aliases limit exceeded in this operation' },
  { key: 'maxDirectives', measure: 'directives', name: 'max_directives', code: 'MAX_DIRECTIVES_LIMIT', message: 'Maximum directives limit exceeded in this operation' },
];

/**
 * The limits stage: measures the parsed document before it is validated or planned and refuses
 * it (HTTP 400, one error per limit exceeded) when it goes over any of the caller's limits. In
 * warn-only mode it logs and records the excess and lets the operation through. Fragments nested
 * deeper than the parser's recursion limit are refused in every mode: that is a parser limit.
 */
export function createLimitsStage(options: { warnOnly: boolean; maxRecursion: number }, log: FastifyBaseLogger) {
  return (document: DocumentNode, operationName: string | null, limits: CallerLimits, facts: OperationFacts, requestId: string): OperationResponse | null => {
    const measured = measureOperation(document, operationName, options.maxRecursion);
    // An unknown or ambiguous operation: selecting it fails next, with a better message.
    if (!measured) return null;
    if (measured.fragmentNesting > options.maxRecursion) {
      return {
        status: 400,
        body: { errors: [gatewayError('GRAPHQL_PARSE_FAILED', `parser recursion limit reached: fragments are spread inside each other more than ${options.maxRecursion} levels`, { limit: 'parser_max_recursion', max: options.maxRecursion })] },
      };
    }
    const introspection = introspectionUse(document).only;
    if (introspection && (measured.depth > INTROSPECTION_MAX_DEPTH || measured.introspectionListNesting > INTROSPECTION_MAX_LIST_NESTING)) {
      return {
        status: 400,
        body: { errors: [gatewayError('MAX_DEPTH_LIMIT', 'Maximum introspection depth exceeded', {
          limit: 'introspection_max_depth', depth: measured.depth, listNesting: measured.introspectionListNesting,
          max: { depth: INTROSPECTION_MAX_DEPTH, listNesting: INTROSPECTION_MAX_LIST_NESTING },
        })] },
      };
    }
    const exceeded = LIMIT_RULES.filter((rule) => !(introspection && (rule.key === 'maxDepth' || rule.key === 'maxHeight')) && measured[rule.measure] > limits[rule.key]);
    if (exceeded.length === 0) return null;
    facts.limitsExceeded = exceeded.map((rule) => ({ limit: rule.name, measured: measured[rule.measure], max: limits[rule.key] }));
    log.warn(
      { requestId, consumer: facts.principal.consumer, warnOnly: options.warnOnly },
      `request exceeded operation limits: ${exceeded.map((rule) => `${rule.name}: ${limits[rule.key]}, current_op_${rule.measure}: ${measured[rule.measure]}`).join(', ')}`,
    );
    if (options.warnOnly) return null;
    return {
      status: 400,
      body: { errors: exceeded.map((rule) => gatewayError(rule.code, rule.message, { limit: rule.name, measured: measured[rule.measure], max: limits[rule.key] })) },
    };
  };
}
