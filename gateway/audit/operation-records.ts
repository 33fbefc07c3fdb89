import { Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { OperationFacts, OperationRequest, OperationResponse } from '../pipeline/operation';
import { sha256Hex } from '../../common/gateway-proof/gateway-proof';
import { canonicalJson } from './audit-chain';
import type { AuditEntry } from './audit-entry';
import { clientHashOf } from './client-hash';

const MAX_USCCS_PER_RECORD = 10_000;

/**
 * Turns an operation's facts into its one record: who asked, what was served or denied, and each
 * subgraph fetch it made. Records hold hashes of what travelled, never the data itself.
 */
export function createOperationAuditor(schema: GraphQLSchema, clientHashKey: string) {
  const served = new WeakMap<DocumentNode, string[]>();
  const servedCoordinates = (document: DocumentNode): string[] => {
    let coordinates = served.get(document);
    if (!coordinates) {
      const found = new Set<string>();
      const typeInfo = new TypeInfo(schema);
      visit(document, visitWithTypeInfo(typeInfo, {
        Field() {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (parent && field && !field.name.startsWith('__')) found.add(`${parent.name}.${field.name}`);
        },
      }));
      coordinates = [...found].sort();
      served.set(document, coordinates);
    }
    return coordinates;
  };

  return {
    record(request: OperationRequest, facts: OperationFacts, response: OperationResponse): AuditEntry {
      const { principal } = facts;
      const time = new Date().toISOString();
      const usccs = new Set<string>();
      for (const fetch of facts.fetches) for (const uscc of fetch.usccs) usccs.add(uscc);
      if (facts.executed) collectArgumentUsccs(facts.executed, facts.variables ?? {}, usccs);
      collectDataUsccs(response.body.data, usccs);
      const denied = deniedFieldsOf(facts);
      const errorCodes = [...new Set((response.body.errors ?? []).map((e) => e.extensions.code))].sort();
      const { requestId } = request;
      const { consumer, subject, purpose } = principal;
      // Fields written out, not spread from a shared object: spreading was half of this function's time.
      return {
        type: 'operation',
        time,
        requestId,
        consumer,
        subject,
        purpose,
        usccs: [...usccs].slice(0, MAX_USCCS_PER_RECORD),
        outcome: outcomeOf(response, denied.length, facts.tokenRejection),
        // Keys in sorted order, as canonicalJson writes them, so that it need not sort them (a
        // mutation's two extra fields come last and are sorted in).
        body: {
          clientHash: principal.authenticated ? null : clientHashOf(clientHashKey, request.clientAddress),
          cost: facts.cost ? { actual: facts.cost.actual ?? null, estimated: facts.cost.estimated, max: facts.cost.max, mode: facts.cost.mode } : null,
          document: facts.document ?? null,
          durationMs: Math.round((performance.now() - facts.started) * 100) / 100,
          errorCodes,
          fieldsDenied: denied,
          fieldsServed: facts.executed ? servedCoordinates(facts.executed) : [],
          limitsExceeded: facts.limitsExceeded ?? [],
          operationHash: facts.query ? sha256Hex(facts.query) : null,
          operationName: facts.operationName ?? null,
          operationType: facts.operationType ?? null,
          rateLimited: facts.rateLimited ?? null,
          status: response.status,
          // Each fetch in the order it was sent, with the USCCs it asked about (the record's own,
          // indexed, usccs are all of them together). In this record rather than in one record per
          // fetch: the rows, index entries and pages of six records a request were most of the commit.
          subgraphs: facts.fetches.map((f) => ({
            durationMs: f.durationMs, outcome: f.outcome, requestHash: f.requestHash, responseHash: f.responseHash, subgraph: f.subgraph,
            usccs: f.usccs.length > MAX_USCCS_PER_RECORD ? f.usccs.slice(0, MAX_USCCS_PER_RECORD) : f.usccs,
          })),
          tokenRejection: facts.tokenRejection ?? null,
          ...(facts.operationType === 'mutation'
            ? {
                mutationFields: (facts.mutationFields ?? []).map((f) => ({
                  field: f.field, responseKey: f.responseKey, outcome: f.outcome,
                  ...(f.errorCode ? { errorCode: f.errorCode } : {}), ...(f.reason ? { reason: f.reason } : {}),
                })),
                // The values stay out of the log; the hash ties a record to a request the caller kept.
                variablesHash: sha256Hex(canonicalJson(facts.variables ?? {})),
              }
            : {}),
        },
      };
    },
  };
}

export type DenialReason = 'POLICY_DENIED' | 'NOT_AUTHENTICATED' | 'MISSING_SCOPE' | 'MISSING_PURPOSE' | 'UNDECLARED_PURPOSE';

/** The fields authorization removed (not those merely implied by a removed parent), each with why. */
export function deniedFieldsOf(facts: OperationFacts): { coordinate: string; path: string; reason: DenialReason }[] {
  const { principal } = facts;
  const withPurpose = new Set((facts.deniedWithPurpose ?? []).map((d) => d.coordinate));
  const withPolicies = new Set((facts.deniedWithPolicies ?? []).map((d) => d.coordinate));
  return (facts.denied ?? [])
    .filter((d) => d.kind !== 'implied')
    .map((d) => ({
      coordinate: d.coordinate,
      path: d.path.join('.'),
      reason: facts.deniedWithPolicies && !withPolicies.has(d.coordinate)
        ? 'POLICY_DENIED'
        : !principal.authenticated
          ? 'NOT_AUTHENTICATED'
          : facts.deniedWithPurpose && !withPurpose.has(d.coordinate)
            ? (principal.purposeProblem ?? 'MISSING_PURPOSE')
            : 'MISSING_SCOPE',
    }));
}

/** The audit's verdict on an answered operation; metrics count operations by it too. */
export function outcomeOf(response: OperationResponse, deniedCount: number, tokenRejection: string | undefined): string {
  if (tokenRejection) return 'UNAUTHENTICATED';
  if (response.status >= 400) return 'REJECTED';
  if (deniedCount > 0) return 'SERVED_WITH_DENIALS';
  return response.body.errors?.length ? 'SERVED_WITH_ERRORS' : 'SERVED';
}

/** Per document: the literal USCC arguments and the variables that carry one. */
const usccArguments = new WeakMap<DocumentNode, { literals: string[]; variables: string[] }>();

function collectArgumentUsccs(document: DocumentNode, variables: Record<string, unknown>, into: Set<string>): void {
  let found = usccArguments.get(document);
  if (!found) {
    const literals: string[] = [];
    const names: string[] = [];
    visit(document, {
      Argument(node) {
        if (node.name.value !== 'uscc') return;
        if (node.value.kind === Kind.STRING) literals.push(node.value.value);
        if (node.value.kind === Kind.VARIABLE) names.push(node.value.name.value);
      },
    });
    found = { literals, variables: names };
    usccArguments.set(document, found);
  }
  for (const literal of found.literals) into.add(literal);
  for (const name of found.variables) {
    const value = variables[name];
    if (typeof value === 'string') into.add(value.trim());
  }
}

/** Every `uscc` string in the response; for..in rather than Object.entries: no array per object. */
function collectDataUsccs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') collectDataUsccs(item, into);
    }
  } else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const key in object) {
      const child = object[key];
      if (key === 'uscc' && typeof child === 'string') into.add(child);
      else if (child !== null && typeof child === 'object') collectDataUsccs(child, into);
    }
  }
}
