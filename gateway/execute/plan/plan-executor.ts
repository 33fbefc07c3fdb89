/**
 * Runs @apollo/query-planner's plans without @apollo/gateway's executor, with the same answers,
 * errors and null propagation. What it does differently, for speed:
 * - the plan, its fetches and the response shaping are compiled once per (document, operation);
 *   the authorized document is itself cached per relevant scopes, so this is per (plan, scopes);
 * - request bodies are written as text around the fetch's query, already in JSON;
 * - identical representations in one fetch are sent once, and the one answer merged into each
 *   entity that sent it, uncopied (see mergeEntities);
 * - a lookup of one entity by its key arguments sends the fetches that need only that key beside
 *   the root fetch, not after it: one round trip instead of two (see executeLookup);
 * - no OpenTelemetry spans, no node-fetch Request/Headers per fetch, no operation rebuilt per request.
 * Plans it does not run (see compile-plan.ts) and introspection go to @apollo/gateway's executor.
 */
import { ERRORS, errorCodeDef, operationFromDocument, type Operation, type Schema, type Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { getOperationAST, getVariableValues, GraphQLError, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { tracedStage, type GatewayTelemetry } from '../../telemetry/gateway-telemetry';
import type { GatewayRequestContext } from '../request-context';
import { applyRewrites, compilePlan, deepMerge, objectOfTypeChecker, type CompiledFetch, type CompiledLookup, type CompiledNode, type ObjectOfType } from './compile-plan';
import { compileResponseShaper, selectsIntrospection, type ResponseShaper } from './response-shaper';

type Json = Record<string, unknown>;

/** What the executor needs of a subgraph: one POST of a ready body, answered with the parsed JSON. */
export interface SubgraphSender {
  send(body: string, usccs: readonly string[], context: GatewayRequestContext): Promise<SubgraphAnswer>;
}

export interface SubgraphAnswer {
  readonly data?: Json | null;
  readonly errors?: readonly GraphQLFormattedError[];
}

export interface PlanExecutionResult {
  readonly data?: Json | null;
  readonly errors?: readonly Error[];
  readonly extensions?: Record<string, unknown>;
}

interface CompiledOperation {
  /** As @apollo/gateway's executor checks them against the request's variables first. */
  readonly variableDefinitions: NonNullable<OperationDefinitionNode['variableDefinitions']>;
  readonly root: CompiledNode | undefined;
  readonly shaper: ResponseShaper;
  /** Defaults of the operation's variables, for Condition nodes. */
  readonly defaults: Readonly<Record<string, unknown>>;
}

interface Cursor {
  readonly path: readonly string[];
  readonly data: unknown;
}

/** The representations one entity fetch sends: `uniqueJson[toUnique[i]]` for entity `toEntity[i]`. */
interface SentRepresentations {
  readonly toEntity: readonly number[];
  readonly toUnique: readonly number[];
  readonly uniqueJson: readonly string[];
  readonly usccs: readonly string[];
}

const FALLBACK = 'fallback' as const;
const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

export interface PlanExecutor {
  /** The answer, or null when this operation must run on @apollo/gateway's executor. */
  execute(document: DocumentNode, operationName: string | null, variables: Readonly<Record<string, unknown>>, context: GatewayRequestContext): Promise<PlanExecutionResult> | null;
}

/**
 * `schema` is the API schema requests are validated against (with the gateway's scalar parsing),
 * as @apollo/gateway's executor checks variables against it before running a plan.
 */
export function createPlanExecutor(supergraph: Supergraph, schema: GraphQLSchema, services: ReadonlyMap<string, SubgraphSender>, telemetry: GatewayTelemetry): PlanExecutor {
  const apiSchema = supergraph.apiSchema();
  const planner = new QueryPlanner(supergraph);
  const isObjectOfType = objectOfTypeChecker(supergraph.schema.toGraphQLJSSchema());
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledOperation | typeof FALLBACK>>();
  // Apollo Router's span name; made only when a plan is built, not when it comes from the cache.
  const plan = tracedStage(telemetry, 'query_planning', compileOperation);

  const compile = (document: DocumentNode, operationName: string | null): CompiledOperation | typeof FALLBACK => {
    let byName = compiled.get(document);
    if (!byName) {
      byName = new Map();
      compiled.set(document, byName);
    }
    const key = operationName ?? '';
    let entry = byName.get(key);
    if (!entry) {
      entry = plan(apiSchema, planner, isObjectOfType, document, operationName);
      byName.set(key, entry);
    }
    return entry;
  };

  return {
    execute(document, operationName, variables, context) {
      const operation = compile(document, operationName);
      if (operation === FALLBACK) return null;
      if (operation.variableDefinitions.length) {
        const { errors } = getVariableValues(schema, operation.variableDefinitions, variables ?? {});
        if (errors) return Promise.resolve({ errors });
      }
      return run(operation, services, isObjectOfType, variables, context);
    },
  };
}

function compileOperation(apiSchema: Schema, planner: QueryPlanner, isObjectOfType: ObjectOfType, document: DocumentNode, operationName: string | null): CompiledOperation | typeof FALLBACK {
  let operation: Operation;
  let root: CompiledNode | null | undefined;
  const node = getOperationAST(document, operationName);
  if (!node) return FALLBACK;
  try {
    operation = operationFromDocument(apiSchema, document, { operationName: operationName ?? undefined });
    if (selectsIntrospection(operation.selectionSet)) return FALLBACK;
    root = compilePlan(planner.buildQueryPlan(operation), isObjectOfType);
  } catch {
    // @apollo/gateway reports what planning refuses, in its own words.
    return FALLBACK;
  }
  if (root === null) return FALLBACK;
  const defaults: Record<string, unknown> = {};
  for (const { variable, defaultValue } of operation.variableDefinitions.definitions()) {
    if (defaultValue !== undefined) defaults[variable.name] = defaultValue;
  }
  return { variableDefinitions: node.variableDefinitions ?? [], root, shaper: compileResponseShaper(operation), defaults };
}

async function run(
  operation: CompiledOperation,
  services: ReadonlyMap<string, SubgraphSender>,
  isObjectOfType: ObjectOfType,
  variables: Readonly<Record<string, unknown>>,
  context: GatewayRequestContext,
): Promise<PlanExecutionResult> {
  const errors: Error[] = [];
  const fullResult: Json = {};

  const executeNode = async (node: CompiledNode, cursor: Cursor): Promise<void> => {
    switch (node.kind) {
      case 'sequence':
        for (const child of node.nodes) await executeNode(child, cursor);
        return;
      case 'parallel':
        await Promise.all(node.nodes.map((child) => executeNode(child, cursor)));
        return;
      case 'flatten': {
        const data = flattenResultsAtPath(cursor.data, node.path, 0);
        if (data === undefined || data === null) return;
        return executeNode(node.node, { path: cursor.path.concat(node.path), data });
      }
      case 'condition': {
        let value = hasOwn(variables, node.variable) ? variables[node.variable] : undefined;
        if (value === undefined) value = operation.defaults[node.variable];
        if (value === undefined) throw new Error(`Missing value for variable $${node.variable} (and no default found)`);
        if (typeof value !== 'boolean') throw new Error(`Invalid non-boolean value ${value} for Boolean! variable $${node.variable}`);
        const branch = value ? node.ifClause : node.elseClause;
        if (branch) await executeNode(branch, cursor);
        return;
      }
      case 'lookup':
        return executeLookup(node, cursor);
      case 'fetch':
        try {
          await executeFetch(node, cursor);
        } catch (error) {
          errors.push(error as Error);
        }
    }
  };

  const serviceOf = (fetch: CompiledFetch): SubgraphSender => {
    const service = services.get(fetch.serviceName);
    if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
    return service;
  };

  /** The request body of a fetch; `representations` the JSON of each, for an entity fetch. */
  const bodyOf = (fetch: CompiledFetch, representations: readonly string[] | null): string => {
    let variablesJson = '';
    for (const name of fetch.variableUsages) {
      if (hasOwn(variables, name) && variables[name] !== undefined) {
        if (representations && name === 'representations') throw new Error('Variables cannot contain key "representations"');
        variablesJson += `${variablesJson ? ',' : ''}${JSON.stringify(name)}:${JSON.stringify(variables[name])}`;
      }
    }
    if (representations) variablesJson += `${variablesJson ? ',' : ''}"representations":[${representations.join(',')}]`;
    return `{${fetch.queryJson},"variables":{${variablesJson}}${fetch.operationNameJson}}`;
  };

  const executeFetch = async (fetch: CompiledFetch, cursor: Cursor): Promise<void> => {
    const service = serviceOf(fetch);
    const entities = Array.isArray(cursor.data) ? cursor.data.filter((e) => e !== null && e !== undefined) as Json[] : [cursor.data as Json];
    if (entities.length < 1) return;
    if (!fetch.represent) {
      const answer = await send(service, fetch, bodyOf(fetch, null), [], cursor, null);
      const data = answer.data;
      if (data) applyRewrites(fetch.outputRewrites, data, isObjectOfType);
      for (const entity of entities) deepMerge(entity, data);
      return;
    }
    const sent = representationsOf(fetch, entities);
    if (!sent) return;
    const answer = await send(service, fetch, bodyOf(fetch, sent.uniqueJson), sent.usccs, cursor, sent.toUnique);
    mergeEntities(fetch, entities, sent, answer);
  };

  /** Representations in entity order; identical ones are sent once (`uniqueJson`) and shared by index. */
  const representationsOf = (fetch: CompiledFetch, entities: readonly Json[]): SentRepresentations | null => {
    const toEntity: number[] = [];
    const toUnique: number[] = [];
    const uniqueIndex = new RepresentationIndex();
    const uniqueJson: string[] = [];
    const usccs: string[] = [];
    for (let i = 0; i < entities.length; i++) {
      const representation = fetch.represent!(entities[i]!);
      if (!representation) continue;
      applyRewrites(fetch.inputRewrites, representation, isObjectOfType);
      const index = uniqueIndex.find(representation, uniqueJson.length);
      if (index === uniqueJson.length) {
        uniqueJson.push(JSON.stringify(representation));
        if (typeof representation.uscc === 'string') usccs.push(representation.uscc);
      }
      toEntity.push(i);
      toUnique.push(index);
    }
    return toEntity.length < 1 ? null : { toEntity, toUnique, uniqueJson, usccs };
  };

  const mergeEntities = (fetch: CompiledFetch, entities: readonly Json[], sent: SentRepresentations, answer: SubgraphAnswer): void => {
    const data = answer.data;
    if (!data) return;
    const received = data._entities;
    if (!(received && Array.isArray(received))) throw new Error('Expected "data._entities" in response to be an array');
    if (received.length !== sent.uniqueJson.length) throw new Error(`Expected "data._entities" to contain ${sent.uniqueJson.length} elements`);
    // Entities that sent one representation may come to share the answer's objects: they stand at
    // the same place of the operation, so every later fetch that reaches one reaches the other with
    // the same representation, and merging one answer twice into one object changes nothing (as for
    // a fetch without representations, whose data every entity shares). The shaper copies out.
    for (let i = 0; i < sent.toEntity.length; i++) {
      const existing = entities[sent.toEntity[i]!]!;
      const entity = received[sent.toUnique[i]!] as Json | null | undefined;
      if (entity && !entity.__typename) entity.__typename = existing.__typename;
      applyRewrites(fetch.outputRewrites, entity, isObjectOfType);
      deepMerge(existing, entity);
    }
  };

  /**
   * A lookup by key (see CompiledLookup): the dependent fetches leave with the root fetch, each with
   * the representation the key arguments make. Once the root has answered, each early answer is
   * used if the root's entity makes the same representation, as the plan would have sent it then;
   * otherwise it is dropped unread (its errors too) and the fetch runs as planned, or not at all
   * when there is no entity. The early fetches are audited like any other: they were made.
   */
  const executeLookup = async (node: CompiledLookup, cursor: Cursor): Promise<void> => {
    const key: Json = { __typename: node.typename };
    for (const { field, variable } of node.keys) {
      const value = hasOwn(variables, variable) ? variables[variable] : undefined;
      if (typeof value !== 'string' && typeof value !== 'number') return executeNode(node.plain, cursor);
      key[field] = value;
    }
    const rooted = executeNode(node.root, cursor);
    const early = node.dependents.map((fetch) => {
      try {
        const sent = representationsOf(fetch, [key]);
        if (!sent) return null;
        const answer = serviceOf(fetch).send(bodyOf(fetch, sent.uniqueJson), sent.usccs, context);
        // Read only if used; a dropped one must not surface as an unhandled rejection.
        answer.catch(() => undefined);
        return { json: sent.uniqueJson[0], answer };
      } catch {
        // What cannot be sent early is sent as planned, and fails there, where its error is reported.
        return null;
      }
    });
    await rooted;
    const found = flattenResultsAtPath(cursor.data, [node.field], 0);
    // Every fetch made is over before the operation ends, so that its audit record holds them all.
    const settled = Promise.all(early.map((sent) => sent?.answer.then(() => undefined, () => undefined)));
    if (found === undefined || found === null) return void (await settled);
    const at: Cursor = { path: cursor.path.concat([node.field]), data: found };
    await Promise.all([settled, ...node.dependents.map(async (fetch, i) => {
      try {
        const sent = Array.isArray(found) ? null : representationsOf(fetch, [found as Json]);
        const match = early[i];
        if (!sent || !match || sent.uniqueJson.length !== 1 || sent.uniqueJson[0] !== match.json) return await executeFetch(fetch, at);
        const answer = await match.answer;
        report(fetch, at, answer, sent.toUnique);
        mergeEntities(fetch, [found as Json], sent, answer);
      } catch (error) {
        errors.push(error as Error);
      }
    })]);
  };

  const send = async (service: SubgraphSender, fetch: CompiledFetch, body: string, usccs: readonly string[], cursor: Cursor, toUnique: readonly number[] | null): Promise<SubgraphAnswer> => {
    const answer = await service.send(body, usccs, context);
    report(fetch, cursor, answer, toUnique);
    return answer;
  };

  /** A subgraph's errors, each where it lands in the client's response. */
  const report = (fetch: CompiledFetch, cursor: Cursor, answer: SubgraphAnswer, toUnique: readonly number[] | null): void => {
    if (!answer.errors) return;
    for (const error of answer.errors) {
      for (const path of errorPaths(fetch, cursor, fullResult, error.path, toUnique)) errors.push(downstreamServiceError(error, fetch.serviceName, path));
    }
  };

  if (operation.root) await executeNode(operation.root, { path: [], data: fullResult });
  let shaped;
  try {
    shaped = operation.shaper.shape(fullResult, variables);
  } catch (error) {
    const err = error as Error;
    return { errors: [error instanceof GraphQLError ? error : new GraphQLError(err.message, { originalError: err })] };
  }
  if (errors.length === 0 && shaped.errors.length > 0) return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
  return errors.length === 0 ? { data: shaped.data } : { errors, data: shaped.data };
}

/**
 * Where a subgraph error lands in the client's response, as @apollo/gateway's lazy path generator
 * computes it: `_entities[i]` becomes the path of the i-th entity at the fetch's flatten path. A
 * deduplicated representation stands for several entities: the error is reported at each.
 */
function errorPaths(fetch: CompiledFetch, cursor: Cursor, fullResult: Json, errorPath: readonly (string | number)[] | undefined, toUnique: readonly number[] | null): ((string | number)[] | undefined)[] {
  if (fetch.represent && typeof errorPath?.[1] === 'number') {
    const hydrated: (string | number)[][] = [];
    generateHydratedPaths([], cursor.path, 0, fullResult, hydrated);
    const rest = errorPath.slice(2);
    const indexes: number[] = [];
    if (toUnique) toUnique.forEach((unique, i) => unique === errorPath[1] && indexes.push(i));
    else indexes.push(errorPath[1]);
    if (indexes.length === 0) indexes.push(errorPath[1]);
    return indexes.map((i) => [...(hydrated[i] ?? []), ...rest]);
  }
  return [errorPath ? [...cursor.path, ...errorPath] : undefined];
}

function generateHydratedPaths(parent: (string | number)[], path: readonly string[], at: number, data: unknown, result: (string | number)[][]): void {
  if (data === null || data === undefined) return;
  const head = path[at];
  if (head === undefined) {
    result.push(parent.slice());
  } else if (head === '@') {
    if (!Array.isArray(data)) throw new Error('expected array when encountering `@`');
    data.forEach((value, i) => {
      parent.push(i);
      generateHydratedPaths(parent, path, at + 1, value, result);
      parent.pop();
    });
  } else if (Array.isArray(data)) {
    data.forEach((value, i) => {
      parent.push(i);
      generateHydratedPaths(parent, path, at, value, result);
      parent.pop();
    });
  } else if (hasOwn(data as object, head)) {
    parent.push(head);
    generateHydratedPaths(parent, path, at + 1, (data as Json)[head], result);
    parent.pop();
  }
}

/**
 * The values at `path` ('@' for each element of a list), as @apollo/gateway's flattenResultsAtPath
 * finds them: lists below an '@' are flattened one level. One output list per call, however many
 * '@' the path holds (not one per element and level).
 */
export function flattenResultsAtPath(value: unknown, path: readonly string[], at: number): unknown {
  for (; at < path.length; at++) {
    if (value === undefined || value === null) return value;
    const current = path[at]!;
    if (current === '@') {
      const out: unknown[] = [];
      flattenInto(value as unknown[], path, at + 1, out);
      return out;
    }
    if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${current}`);
    value = hasOwn(value as object, current) ? (value as Json)[current] : undefined;
  }
  return value;
}

function flattenInto(list: readonly unknown[], path: readonly string[], at: number, out: unknown[]): void {
  next: for (const element of list) {
    let value = element;
    for (let i = at; i < path.length; i++) {
      if (value === undefined || value === null) break;
      const current = path[i]!;
      if (current === '@') {
        flattenInto(value as unknown[], path, i + 1, out);
        continue next;
      }
      if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${current}`);
      value = hasOwn(value as object, current) ? (value as Json)[current] : undefined;
    }
    if (Array.isArray(value)) for (const item of value) out.push(item);
    else out.push(value);
  }
}

/** @apollo/gateway's downstreamServiceError: the subgraph's message and code, its name added. */
function downstreamServiceError(original: GraphQLFormattedError, serviceName: string, path: readonly (string | number)[] | undefined): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const options = { originalError: original as unknown as Error, path, extensions: { ...original.extensions, serviceName } };
  const codeDef = errorCodeDef(original as never);
  if (!codeDef && original.extensions?.code) return new GraphQLError(message, options);
  return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}

const END = Symbol('end');

/**
 * Finds identical representations. A flat one (key fields and required scalars, the usual case)
 * is looked up field by field in a trie of Maps keyed by names and values, with no string built
 * or hashed per representation; one with nested values by its JSON.
 */
class RepresentationIndex {
  private readonly trie = new Map<unknown, unknown>();
  private byJson: Map<string, number> | null = null;

  /** The index of an identical representation seen before, else `next` (now registered). */
  find(representation: Json, next: number): number {
    let node = this.trie;
    for (const name in representation) {
      const value = representation[name];
      if (value !== null && typeof value === 'object') return this.findJson(representation, next);
      node = step(step(node, name), value);
    }
    const known = node.get(END) as number | undefined;
    if (known !== undefined) return known;
    node.set(END, next);
    return next;
  }

  private findJson(representation: Json, next: number): number {
    const json = JSON.stringify(representation);
    this.byJson ??= new Map();
    const known = this.byJson.get(json);
    if (known !== undefined) return known;
    this.byJson.set(json, next);
    return next;
  }
}

function step(node: Map<unknown, unknown>, key: unknown): Map<unknown, unknown> {
  let next = node.get(key) as Map<unknown, unknown> | undefined;
  if (!next) {
    next = new Map();
    node.set(key, next);
  }
  return next;
}
