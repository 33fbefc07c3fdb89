import { createHash } from 'node:crypto';
import { parse, type DocumentNode } from 'graphql';
import type { Principal } from '../../common/principal';
import type { Consumer } from '../../policies/load-policies';
import type { GatewayConfig } from '../config';
import { gatewayError, type GatewayErrorCode } from '../errors/error-catalogue';
import { checkParserLimits, type ParserLimits } from '../parse/parser-limits';
import { answer, proceed, type OperationFacts, type OperationResponse, type OperationText, type RequestedOperation, type StageResult } from '../pipeline/operation';
import { createApqCache } from './apq-cache';
import { normalizeDocument } from './normalize-document';

/** Clients ahead of the gateway (a new manifest, a forgotten APQ entry) must not cache a refusal. */
const NO_CACHE = { 'cache-control': 'private, no-cache, must-revalidate' };

interface Manifest {
  readonly byId: ReadonlyMap<string, string>;
  /** Normalized body → id. */
  readonly byBody: ReadonlyMap<string, string>;
}

const refuse = (status: number, code: GatewayErrorCode, message: string, headers?: Record<string, string>): StageResult<never> =>
  answer({ status, body: { errors: [gatewayError(code, message)] }, ...(headers ? { headers } : {}) });

/**
 * Trusted documents. Each consumer may register operations (an Apollo persisted-query manifest
 * named by `persistedOperations` in policies/consumers.json) and run them by id; a consumer with
 * `safelist: true` (or, with SAFELIST=authenticated, every authenticated caller) may run nothing
 * else, by id or as text. Everyone else may also use automatic persisted queries (APQ). Error
 * codes, messages and statuses are Apollo Router's (and Apollo Server's for APQ).
 */
export function createTrustedDocuments(config: GatewayConfig['trustedDocuments'], consumers: ReadonlyMap<string, Consumer>, parserLimits: ParserLimits) {
  const manifests = new Map<string, Manifest>();
  for (const consumer of consumers.values()) {
    if (consumer.persistedOperations.length === 0) continue;
    const byId = new Map<string, string>();
    const byBody = new Map<string, string>();
    for (const operation of consumer.persistedOperations) {
      const problem = checkParserLimits(operation.body, parserLimits);
      if (problem) throw Object.assign(new Error(`consumer '${consumer.id}' registered operation '${operation.id}': ${problem.message}`), { code: 'ERR_POLICY_INVALID' });
      byId.set(operation.id, operation.body);
      byBody.set(normalizeDocument(parse(operation.body)), operation.id);
    }
    manifests.set(consumer.id, { byId, byBody });
  }
  const apq = createApqCache(config.apqCacheSize);

  const manifestOf = (principal: Principal): Manifest | undefined =>
    principal.authenticated && principal.consumer ? manifests.get(principal.consumer) : undefined;
  const safelisted = (principal: Principal): boolean => {
    if (config.safelist === 'off' || !principal.authenticated) return false;
    if (config.safelist === 'authenticated') return true;
    return principal.consumer !== null && consumers.get(principal.consumer)?.safelist === true;
  };

  return {
    /** The query text the request stands for: its own, a registered operation's, or an APQ entry's. */
    resolve(requested: RequestedOperation, principal: Principal, facts: OperationFacts): StageResult<OperationText> {
      const text = (query: string): StageResult<OperationText> => {
        facts.query = query;
        return proceed({ query, operationName: requested.operationName, variables: requested.variables });
      };
      const id = requested.documentId;
      if (id === null) return text(requested.query as string);
      const registered = manifestOf(principal)?.byId.get(id);
      if (registered !== undefined) {
        if (requested.query !== null && requested.query !== registered) {
          return refuse(400, 'CANNOT_SEND_PQ_ID_AND_BODY', 'Sending a persisted query ID and a body in the same request is disallowed');
        }
        facts.document = { source: 'manifest', id };
        return text(registered);
      }
      if (safelisted(principal) || !requested.apq) {
        return refuse(404, 'PERSISTED_QUERY_NOT_IN_LIST', `Persisted query '${id}' not found in the persisted query list`, NO_CACHE);
      }
      if (!config.apq) return refuse(200, 'PERSISTED_QUERY_NOT_SUPPORTED', 'PersistedQueryNotSupported');
      if (requested.query === null) {
        const cached = apq.get(id);
        if (cached === undefined) return refuse(200, 'PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound', NO_CACHE);
        facts.document = { source: 'apq', id };
        return text(cached);
      }
      if (createHash('sha256').update(requested.query).digest('hex') !== id) {
        return refuse(400, 'PERSISTED_QUERY_HASH_MISMATCH', 'provided sha does not match query');
      }
      apq.set(id, requested.query);
      facts.document = { source: 'apq-registered', id };
      return text(requested.query);
    },

    /**
     * For a safelisted caller, a free-form document must match one of its registered operations
     * (normalized); a pure introspection document passes when introspection is allowed anyway.
     */
    checkSafelist(document: DocumentNode, principal: Principal, facts: OperationFacts, introspectionOnly: boolean): OperationResponse | null {
      if (facts.document || !safelisted(principal) || introspectionOnly) return null;
      const id = manifestOf(principal)?.byBody.get(normalizeDocument(document));
      if (id !== undefined) {
        facts.document = { source: 'manifest', id };
        return null;
      }
      return { status: 403, headers: NO_CACHE, body: { errors: [gatewayError('QUERY_NOT_IN_SAFELIST', 'The operation body was not found in the persisted query safelist')] } };
    },
  };
}
