/**
 * Reads the authorization metadata (`@authenticated`, `@requiresScopes`, `@policy`) out of a
 * supergraph SDL, and produces the copy of that SDL that `@apollo/gateway` can load.
 *
 * Why both: `@apollo/gateway` refuses any supergraph that links these specs `for: SECURITY`
 * (UNSUPPORTED_LINKED_FEATURE), and the API schema it builds drops every feature directive. So the
 * metadata has to be taken from the original SDL, and the gateway is handed a copy without it.
 * Removing the `for: SECURITY` latch is only acceptable because this module (and the filter that
 * consumes its output) *is* the runtime that understands the feature, and because it fails closed:
 * any security link or directive it cannot fully understand makes `extractRequirements` throw.
 *
 * Directive names are resolved through `@link` exactly like @apollo/federation-internals
 * (`CoreFeature.directiveNameInSchema`): a directive imported with `import: ["@requiresScopes"]`
 * keeps its name, `import: [{ name: "@requiresScopes", as: "@scopes" }]` renames it, and a
 * directive that is not imported is `@<namespace>__<directive>` — except that a directive whose name
 * equals the spec's name (all three here) is just `@<namespace>`. The namespace is the spec name
 * (`requiresScopes`) or the link's `as:`. Ignoring renames was a real Router vulnerability
 * (GHSA-g8jh-vg5j-4h3f); never match on hard-coded names.
 */
import { DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES } from '@apollo/federation-internals';
import {
  Kind,
  parse,
  print,
  visit,
  type ConstDirectiveNode,
  type ConstValueNode,
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type NamedTypeNode,
  type TypeNode,
} from 'graphql';

/**
 * What an element (type or field) requires. Every part must hold.
 *
 * `scopes` / `policies` are in disjunctive normal form: the outer list is an OR, each inner list an
 * AND. `null` means "no such requirement". FOOT-GUN (kept for Apollo compatibility): an *empty*
 * outer list (`scopes: []`) and a list holding an empty AND-set (`scopes: [[]]`) are both ALWAYS
 * satisfied, even for anonymous callers — `@requiresScopes(scopes: [])` protects nothing.
 */
export interface Requirement {
  readonly authenticated: boolean;
  readonly scopes: readonly (readonly string[])[] | null;
  readonly policies: readonly (readonly string[])[] | null;
}

export interface AuthorizationRequirements {
  /** Keyed by type name (`Institution`): OBJECT, INTERFACE, SCALAR and ENUM requirements. */
  readonly types: ReadonlyMap<string, Requirement>;
  /** Keyed by field coordinate (`Institution.licence`), interface fields included. */
  readonly fields: ReadonlyMap<string, Requirement>;
  /** Every scope and policy string any requirement mentions. */
  readonly scopes: ReadonlySet<string>;
  readonly policies: ReadonlySet<string>;
  /**
   * A minimal type graph of the supergraph, so that `relevantScopeKey` can resolve a document
   * without the API schema: field coordinate → named return type, abstract type → object types,
   * operation kind → root type name.
   */
  readonly returnTypes: ReadonlyMap<string, string>;
  /**
   * Field coordinate → argument name → the guarded scalar and enum types its value may hold (the
   * argument's type, and through input objects every type nested in it). Only arguments that can
   * hold a guarded type are listed: a field is refused when an argument it is given could carry one
   * the caller may not use.
   */
  readonly argumentTypes: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  readonly possibleTypes: ReadonlyMap<string, readonly string[]>;
  readonly rootTypes: Readonly<Record<'query' | 'mutation' | 'subscription', string>>;
}

export interface ExtractedRequirements {
  readonly requirements: AuthorizationRequirements;
  /** The authorization specs the supergraph links (whether or not it applies their directives). */
  readonly linkedSpecs: ReadonlySet<SpecKey>;
  /** The supergraph without the three security links, their definitions and their applications. */
  readonly executableSdl: string;
}

export type SpecKey = 'authenticated' | 'requiresScopes' | 'policy';

const SPECS_ORIGIN = 'https://specs.apollo.dev';
const SUPPORTED: Readonly<Record<SpecKey, { identity: string; version: string; argument: string | null }>> = {
  authenticated: { identity: `${SPECS_ORIGIN}/authenticated`, version: 'v0.1', argument: null },
  requiresScopes: { identity: `${SPECS_ORIGIN}/requiresScopes`, version: 'v0.1', argument: 'scopes' },
  policy: { identity: `${SPECS_ORIGIN}/policy`, version: 'v0.1', argument: 'policies' },
};
const SPEC_KEYS = Object.keys(SUPPORTED) as SpecKey[];
/**
 * Features @apollo/gateway itself implements (inaccessible v0.1/v0.2, join, tag, core): they stay
 * in the copy it loads, and it enforces them (it builds the API schema without @inaccessible
 * elements). Read from the library so that an upgrade cannot silently widen or narrow the list.
 */
const LIBRARY_FEATURES: ReadonlySet<string> = DEFAULT_SUPPORTED_SUPERGRAPH_FEATURES;
const LINK_IDENTITY = `${SPECS_ORIGIN}/link`;
const CORE_IDENTITY = `${SPECS_ORIGIN}/core`;

export class AuthorizationSchemaError extends Error {
  readonly code = 'ERR_AUTHORIZATION_SCHEMA';
  constructor(message: string) {
    super(message);
    this.name = 'AuthorizationSchemaError';
  }
}

interface ParsedUrl {
  readonly identity: string;
  readonly name: string;
  readonly version: string;
}

/** The URL as @apollo/gateway compares it: identity and version, nothing after. */
function featureBase(link: Link): string {
  return link.parsed ? `${link.parsed.identity}/${link.parsed.version}` : link.url;
}

function parseFeatureUrl(raw: string): ParsedUrl | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const segments = url.pathname.split('/');
  const version = segments.pop() ?? '';
  const name = segments[segments.length - 1] ?? '';
  if (!version || !name) return null;
  return { identity: `${url.protocol}//${url.host}${segments.join('/')}`, name, version };
}

interface LinkImport {
  readonly name: string;
  readonly as: string | null;
}

interface Link {
  readonly node: ConstDirectiveNode;
  readonly url: string;
  readonly parsed: ParsedUrl | null;
  readonly as: string | null;
  readonly purpose: string | null;
  readonly imports: readonly LinkImport[];
}

function argument(directive: DirectiveNode, name: string): ConstValueNode | undefined {
  return directive.arguments?.find((a) => a.name.value === name)?.value as ConstValueNode | undefined;
}

function stringArgument(directive: DirectiveNode, name: string): string | null {
  const value = argument(directive, name);
  return value?.kind === Kind.STRING ? value.value : null;
}

function parseImports(directive: ConstDirectiveNode, url: string): LinkImport[] {
  const value = argument(directive, 'import');
  if (!value || value.kind === Kind.NULL) return [];
  const items = value.kind === Kind.LIST ? value.values : [value];
  return items.map((item) => {
    if (item.kind === Kind.STRING) return { name: item.value, as: null };
    if (item.kind === Kind.OBJECT) {
      const name = item.fields.find((f) => f.name.value === 'name')?.value;
      const as = item.fields.find((f) => f.name.value === 'as')?.value;
      if (name?.kind === Kind.STRING && (as === undefined || as.kind === Kind.STRING)) {
        return { name: name.value, as: as?.kind === Kind.STRING ? as.value : null };
      }
    }
    throw new AuthorizationSchemaError(`Cannot read the import: argument of @link(url: "${url}")`);
  });
}

/** Directive and type names the feature owns in this schema (isFeatureDefinition semantics). */
interface ResolvedFeature {
  readonly spec: SpecKey;
  readonly link: Link;
  readonly namespace: string;
  readonly directiveName: string;
  readonly importedNames: ReadonlySet<string>;
}

function resolveFeature(spec: SpecKey, link: Link): ResolvedFeature {
  const namespace = link.as ?? link.parsed!.name;
  const imported = link.imports.find((i) => i.name === `@${spec}`);
  if (imported?.as !== undefined && imported.as !== null && !imported.as.startsWith('@')) {
    throw new AuthorizationSchemaError(
      `@link(url: "${link.url}") imports @${spec} as "${imported.as}", which is not a directive name`,
    );
  }
  const directiveName = imported ? (imported.as ?? imported.name).slice(1) : namespace;
  const importedNames = new Set(link.imports.map((i) => i.as ?? i.name));
  return { spec, link, namespace, directiveName, importedNames };
}

function collectLinks(document: DocumentNode): Link[] {
  const schemaDirectives: ConstDirectiveNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION) {
      schemaDirectives.push(...(definition.directives ?? []));
    }
  }
  // Which directive is @link in this schema: the one bootstrapping the link (or legacy core) spec.
  const linkNames = new Set<string>();
  for (const directive of schemaDirectives) {
    const raw = stringArgument(directive, 'url') ?? stringArgument(directive, 'feature');
    const parsed = raw === null ? null : parseFeatureUrl(raw);
    if (!parsed) continue;
    const as = stringArgument(directive, 'as');
    if (parsed.identity === LINK_IDENTITY && directive.name.value === (as ?? 'link')) linkNames.add(directive.name.value);
    if (parsed.identity === CORE_IDENTITY && directive.name.value === (as ?? 'core')) linkNames.add(directive.name.value);
  }
  const links: Link[] = [];
  for (const directive of schemaDirectives) {
    if (!linkNames.has(directive.name.value)) continue;
    const url = stringArgument(directive, 'url') ?? stringArgument(directive, 'feature');
    if (url === null) continue;
    const purposeValue = argument(directive, 'for');
    const purpose = purposeValue?.kind === Kind.ENUM || purposeValue?.kind === Kind.STRING ? purposeValue.value : null;
    links.push({
      node: directive,
      url,
      parsed: parseFeatureUrl(url),
      as: stringArgument(directive, 'as'),
      purpose,
      imports: parseImports(directive, url),
    });
  }
  return links;
}

// ---------------------------------------------------------------------------------------------
// DNF helpers (shared with the filter)

function normaliseAndSet(set: readonly string[]): string[] {
  return [...new Set(set)].sort();
}

function isSubset(small: readonly string[], big: readonly string[]): boolean {
  return small.every((s) => big.includes(s));
}

/** Sorts, dedupes and drops every AND-set that is a superset of another (it adds nothing to the OR). */
function simplifyDnf(dnf: readonly (readonly string[])[]): string[][] {
  const sets = dnf.map(normaliseAndSet);
  const unique = new Map<string, string[]>();
  for (const set of sets) unique.set(JSON.stringify(set), set);
  const candidates = [...unique.values()];
  const kept = candidates.filter(
    (set) => !candidates.some((other) => other !== set && other.length < set.length && isSubset(other, set)),
  );
  return kept.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/**
 * AND of two DNF requirements (composition's DNF_CONJUNCTION): cartesian product of the
 * OR-branches, union of each pair of AND-sets, then subsumption. `[]` counts as `[[]]` (true).
 */
export function dnfAnd(
  a: readonly (readonly string[])[] | null,
  b: readonly (readonly string[])[] | null,
): string[][] | null {
  if (a === null) return b === null ? null : simplifyDnf(b.length === 0 ? [[]] : b);
  if (b === null) return dnfAnd(b, a);
  const left = a.length === 0 ? [[]] : a;
  const right = b.length === 0 ? [[]] : b;
  const product: string[][] = [];
  for (const l of left) for (const r of right) product.push([...l, ...r]);
  return simplifyDnf(product);
}

/** OR over the AND-sets; an empty outer list is satisfied (see the foot-gun note on Requirement). */
export function dnfSatisfied(dnf: readonly (readonly string[])[] | null, held: ReadonlySet<string> | undefined): boolean {
  if (dnf === null || dnf.length === 0) return true;
  for (const set of dnf) {
    let all = true;
    for (const item of set) {
      if (!held?.has(item)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/** AND of two requirements; the result's DNFs are normalised (sorted, deduped, subsumed). */
export function andRequirements(a: Requirement | undefined, b: Requirement): Requirement {
  if (!a) return { authenticated: b.authenticated, scopes: dnfAnd(null, b.scopes), policies: dnfAnd(null, b.policies) };
  return {
    authenticated: a.authenticated || b.authenticated,
    scopes: dnfAnd(a.scopes, b.scopes),
    policies: dnfAnd(a.policies, b.policies),
  };
}

// ---------------------------------------------------------------------------------------------

function readDnf(directive: DirectiveNode, argumentName: string, display: string): string[][] {
  const value = argument(directive, argumentName);
  if (!value) throw new AuthorizationSchemaError(`${display} is missing its ${argumentName}: argument`);
  const fail = (): never => {
    throw new AuthorizationSchemaError(`${display} has a ${argumentName}: argument that is not a list of lists of strings`);
  };
  const readString = (v: ConstValueNode): string => (v.kind === Kind.STRING ? v.value : fail());
  // GraphQL input coercion: a single value where a list is expected becomes a one-element list.
  const outer = value.kind === Kind.LIST ? value.values : [value];
  return outer.map((inner) => (inner.kind === Kind.LIST ? inner.values.map(readString) : [readString(inner)]));
}

function namedTypeName(type: TypeNode): string {
  let t: TypeNode = type;
  while (t.kind !== Kind.NAMED_TYPE) t = t.type;
  return (t as NamedTypeNode).name.value;
}

function definitionName(definition: DefinitionNode): string | null {
  return 'name' in definition && definition.name ? definition.name.value : null;
}

export function extractRequirements(supergraphSdl: string): ExtractedRequirements {
  const document = parse(supergraphSdl);
  const links = collectLinks(document);

  const features: ResolvedFeature[] = [];
  for (const link of links) {
    const spec = SPEC_KEYS.find((key) => link.parsed?.identity === SUPPORTED[key].identity);
    if (spec) {
      if (link.parsed!.version !== SUPPORTED[spec].version) {
        throw new AuthorizationSchemaError(
          `The supergraph links ${link.url}, a version of the ${spec} spec this gateway cannot enforce (supported: ${SUPPORTED[spec].identity}/${SUPPORTED[spec].version}); refusing to serve it`,
        );
      }
      if (features.some((f) => f.spec === spec)) {
        throw new AuthorizationSchemaError(`The supergraph links ${SUPPORTED[spec].identity} more than once`);
      }
      features.push(resolveFeature(spec, link));
    } else if ((link.purpose === 'SECURITY' || link.purpose === 'EXECUTION') && !LIBRARY_FEATURES.has(featureBase(link))) {
      throw new AuthorizationSchemaError(
        `The supergraph links ${link.url} for: ${link.purpose}, a feature this gateway does not understand; refusing to serve it`,
      );
    }
  }

  const byDirective = new Map<string, ResolvedFeature>(features.map((f) => [f.directiveName, f]));
  if (byDirective.size !== features.length) {
    throw new AuthorizationSchemaError('Two authorization specs resolve to the same directive name');
  }

  // Names that look like an authorization directive but are not attributed to a link. Applying one
  // of them means the SDL and its links disagree: fail closed rather than silently not enforcing.
  const suspicious = (name: string): boolean => {
    if (byDirective.has(name)) return false;
    for (const spec of SPEC_KEYS) {
      if (name === spec || name === `federation__${spec}` || name.startsWith(`${spec}__`)) return true;
    }
    return features.some((f) => name.startsWith(`${f.namespace}__`));
  };

  const types = new Map<string, Requirement>();
  const fields = new Map<string, Requirement>();
  const scopes = new Set<string>();
  const policies = new Set<string>();
  const returnTypes = new Map<string, string>();
  const argumentTypeNames = new Map<string, Map<string, string>>();
  const inputFieldTypes = new Map<string, string[]>();
  const possible = new Map<string, string[]>();
  const rootTypes = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' };
  const handled = new Set<DirectiveNode>();

  const requirementOf = (directives: readonly ConstDirectiveNode[] | undefined, display: string): Requirement | null => {
    let result: Requirement | null = null;
    for (const directive of directives ?? []) {
      const feature = byDirective.get(directive.name.value);
      if (!feature) continue;
      handled.add(directive);
      const where = `@${directive.name.value} on ${display}`;
      let requirement: Requirement;
      if (feature.spec === 'authenticated') {
        requirement = { authenticated: true, scopes: null, policies: null };
      } else if (feature.spec === 'requiresScopes') {
        const dnf = readDnf(directive, 'scopes', where);
        dnf.flat().forEach((s) => scopes.add(s));
        requirement = { authenticated: false, scopes: dnf, policies: null };
      } else {
        const dnf = readDnf(directive, 'policies', where);
        dnf.flat().forEach((p) => policies.add(p));
        requirement = { authenticated: false, scopes: null, policies: dnf };
      }
      result = andRequirements(result ?? undefined, requirement);
    }
    return result;
  };
  const record = (map: Map<string, Requirement>, key: string, requirement: Requirement | null): void => {
    if (requirement) map.set(key, andRequirements(map.get(key), requirement));
  };
  const addPossible = (abstract: string, object: string): void => {
    const list = possible.get(abstract) ?? [];
    if (!list.includes(object)) list.push(object);
    possible.set(abstract, list);
  };
  const recordFields = (typeName: string, list: readonly FieldDefinitionNode[] | undefined): void => {
    for (const field of list ?? []) {
      const coordinate = `${typeName}.${field.name.value}`;
      record(fields, coordinate, requirementOf(field.directives, coordinate));
      returnTypes.set(coordinate, namedTypeName(field.type));
      if (field.arguments?.length) {
        argumentTypeNames.set(coordinate, new Map(field.arguments.map((a) => [a.name.value, namedTypeName(a.type)])));
      }
    }
  };

  for (const definition of document.definitions) {
    switch (definition.kind) {
      case Kind.SCHEMA_DEFINITION:
      case Kind.SCHEMA_EXTENSION:
        for (const op of definition.operationTypes ?? []) rootTypes[op.operation] = op.type.name.value;
        break;
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
        record(types, definition.name.value, requirementOf(definition.directives, definition.name.value));
        recordFields(definition.name.value, definition.fields);
        for (const iface of definition.interfaces ?? []) addPossible(iface.name.value, definition.name.value);
        break;
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION:
        record(types, definition.name.value, requirementOf(definition.directives, definition.name.value));
        recordFields(definition.name.value, definition.fields);
        break;
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.SCALAR_TYPE_EXTENSION:
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION:
        record(types, definition.name.value, requirementOf(definition.directives, definition.name.value));
        break;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        inputFieldTypes.set(definition.name.value, [
          ...(inputFieldTypes.get(definition.name.value) ?? []),
          ...(definition.fields ?? []).map((f) => namedTypeName(f.type)),
        ]);
        break;
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.UNION_TYPE_EXTENSION:
        for (const member of definition.types ?? []) addPossible(definition.name.value, member.name.value);
        break;
      default:
        break;
    }
  }

  // Every application of an authorization-looking directive must have been read above: one at an
  // unsupported location (argument, union, input, enum value, schema) or under a name no link
  // explains could not be enforced, so it is refused.
  visit(document, {
    Directive(node) {
      const name = node.name.value;
      if (byDirective.has(name) && !handled.has(node)) {
        throw new AuthorizationSchemaError(
          `@${name} (${byDirective.get(name)!.link.url}) is applied at a location this gateway cannot enforce; refusing to serve the supergraph`,
        );
      }
      if (suspicious(name)) {
        throw new AuthorizationSchemaError(
          `@${name} is applied but cannot be attributed to a linked authorization spec (links: ${
            features.map((f) => f.link.url).join(', ') || 'none'
          }); refusing to serve the supergraph`,
        );
      }
      return undefined;
    },
  });

  const requirements: AuthorizationRequirements = {
    types,
    fields,
    scopes,
    policies,
    returnTypes,
    argumentTypes: guardedArgumentTypes(argumentTypeNames, inputFieldTypes, types),
    possibleTypes: possible,
    rootTypes,
  };
  const linkedSpecs = new Set(features.map((f) => f.spec));
  if (features.length === 0) return { requirements, linkedSpecs, executableSdl: supergraphSdl };

  // The executable copy: drop the links, the features' own definitions (directive definitions and
  // namespaced or imported types such as `requiresScopes__Scope`) and every application.
  const linkNodes = new Set<DirectiveNode>(features.map((f) => f.link.node));
  const ownsType = (name: string): boolean =>
    features.some((f) => name.startsWith(`${f.namespace}__`) || f.importedNames.has(name));
  const stripped = visit(document, {
    Directive(node) {
      if (linkNodes.has(node) || byDirective.has(node.name.value)) return null;
      return undefined;
    },
    DirectiveDefinition(node) {
      const name = node.name.value;
      return byDirective.has(name) || suspicious(name) ? null : undefined;
    },
    enter(node) {
      if ('kind' in node && isTypeDefinitionKind(node.kind)) {
        const name = definitionName(node as DefinitionNode);
        if (name !== null && ownsType(name)) return null;
      }
      return undefined;
    },
  });
  return { requirements, linkedSpecs, executableSdl: print(stripped) };
}

/** For every argument, the guarded types reachable from its type through input objects. */
function guardedArgumentTypes(
  argumentTypeNames: ReadonlyMap<string, ReadonlyMap<string, string>>,
  inputFieldTypes: ReadonlyMap<string, readonly string[]>,
  guarded: ReadonlyMap<string, Requirement>,
): Map<string, Map<string, string[]>> {
  const reachable = new Map<string, string[]>();
  const reach = (start: string): string[] => {
    let list = reachable.get(start);
    if (list) return list;
    // Input objects may nest themselves: a plain walk with a visited set, from each starting type.
    const seen = new Set<string>([start]);
    const stack = [start];
    while (stack.length > 0) {
      for (const nested of inputFieldTypes.get(stack.pop()!) ?? []) {
        if (!seen.has(nested)) {
          seen.add(nested);
          stack.push(nested);
        }
      }
    }
    list = [...seen].filter((type) => guarded.has(type)).sort();
    reachable.set(start, list);
    return list;
  };
  const result = new Map<string, Map<string, string[]>>();
  if (guarded.size === 0) return result;
  for (const [coordinate, args] of argumentTypeNames) {
    const entries = [...args].map(([name, type]) => [name, reach(type)] as const).filter(([, types]) => types.length > 0);
    if (entries.length > 0) result.set(coordinate, new Map(entries.map(([name, types]) => [name, [...types]])));
  }
  return result;
}

function isTypeDefinitionKind(kind: string): boolean {
  return (
    kind === Kind.SCALAR_TYPE_DEFINITION ||
    kind === Kind.OBJECT_TYPE_DEFINITION ||
    kind === Kind.INTERFACE_TYPE_DEFINITION ||
    kind === Kind.UNION_TYPE_DEFINITION ||
    kind === Kind.ENUM_TYPE_DEFINITION ||
    kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ||
    kind === Kind.SCALAR_TYPE_EXTENSION ||
    kind === Kind.OBJECT_TYPE_EXTENSION ||
    kind === Kind.INTERFACE_TYPE_EXTENSION ||
    kind === Kind.UNION_TYPE_EXTENSION ||
    kind === Kind.ENUM_TYPE_EXTENSION ||
    kind === Kind.INPUT_OBJECT_TYPE_EXTENSION
  );
}

/** Whether one requirement (possibly absent) is met by a caller. */
export function requirementSatisfied(
  requirement: Requirement | undefined,
  caller: { readonly authenticated: boolean; readonly scopes: ReadonlySet<string>; readonly policies?: ReadonlySet<string> },
): boolean {
  if (!requirement) return true;
  if (requirement.authenticated && !caller.authenticated) return false;
  // Policies fail closed: a policy not in caller.policies (unevaluated, or evaluated false) denies.
  return dnfSatisfied(requirement.scopes, caller.scopes) && dnfSatisfied(requirement.policies, caller.policies);
}
