import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode, type DocumentNode } from 'graphql';

/** `@listSize` as the IBM cost spec defines it. */
export interface ListSize {
  readonly assumedSize: number | null;
  readonly slicingArguments: readonly string[];
  readonly sizedFields: readonly string[];
  readonly requireOneSlicingArgument: boolean;
}

/** The cost spec's annotations of a supergraph, by coordinate. */
export interface CostDirectives {
  /** `Type` → weight (OBJECT, INTERFACE, SCALAR, ENUM). */
  readonly types: ReadonlyMap<string, number>;
  /** `Type.field` (output fields) and `Input.field` (input fields) → weight. */
  readonly fields: ReadonlyMap<string, number>;
  /** `Type.field(argument:)` → weight. */
  readonly arguments: ReadonlyMap<string, number>;
  /** `Type.field` → its `@listSize`. */
  readonly listSizes: ReadonlyMap<string, ListSize>;
}

const COST_SPEC = 'https://specs.apollo.dev/cost/';

/**
 * Reads `@cost` and `@listSize` out of a supergraph: composition links the cost spec
 * (`@link(url: "https://specs.apollo.dev/cost/v0.1", import: [...])`), so the directives' names
 * are resolved through that link (an import's `as:`, or `@cost`, or `@<namespace>__listSize`).
 * `@apollo/gateway`'s API schema drops them, hence the SDL. A supergraph without the link has no
 * annotations and every element gets the spec's default weights.
 */
export function extractCostDirectives(supergraphSdl: string | DocumentNode): CostDirectives {
  const document = typeof supergraphSdl === 'string' ? parse(supergraphSdl) : supergraphSdl;
  const names = costDirectiveNames(document);
  const types = new Map<string, number>();
  const fields = new Map<string, number>();
  const args = new Map<string, number>();
  const listSizes = new Map<string, ListSize>();
  if (!names) return { types, fields, arguments: args, listSizes };

  const weightOf = (directives: readonly ConstDirectiveNode[] | undefined): number | null => {
    const directive = directives?.find((d) => d.name.value === names.cost);
    const value = directive?.arguments?.find((a) => a.name.value === 'weight')?.value;
    if (!value) return null;
    // The IBM spec writes the weight as a String, Apollo's as an Int.
    const weight = Number(value.kind === Kind.INT || value.kind === Kind.STRING || value.kind === Kind.FLOAT ? value.value : NaN);
    return Number.isFinite(weight) && weight >= 0 ? weight : null;
  };
  const listSizeOf = (directives: readonly ConstDirectiveNode[] | undefined): ListSize | null => {
    const directive = directives?.find((d) => d.name.value === names.listSize);
    if (!directive) return null;
    const read = (name: string): unknown => {
      const value = directive.arguments?.find((a) => a.name.value === name)?.value;
      return value ? valueFromASTUntyped(value) : undefined;
    };
    const assumed = read('assumedSize');
    const slicing = read('slicingArguments');
    const sized = read('sizedFields');
    return {
      assumedSize: typeof assumed === 'number' ? assumed : null,
      slicingArguments: Array.isArray(slicing) ? slicing.filter((s): s is string => typeof s === 'string') : [],
      sizedFields: Array.isArray(sized) ? sized.filter((s): s is string => typeof s === 'string') : [],
      requireOneSlicingArgument: read('requireOneSlicingArgument') !== false,
    };
  };

  for (const definition of document.definitions) {
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION: {
        const typeWeight = weightOf(definition.directives);
        if (typeWeight !== null) types.set(definition.name.value, typeWeight);
        for (const field of definition.fields ?? []) {
          const coordinate = `${definition.name.value}.${field.name.value}`;
          const weight = weightOf(field.directives);
          if (weight !== null) fields.set(coordinate, weight);
          const listSize = listSizeOf(field.directives);
          if (listSize) listSizes.set(coordinate, listSize);
          for (const argument of field.arguments ?? []) {
            const argumentWeight = weightOf(argument.directives);
            if (argumentWeight !== null) args.set(`${coordinate}(${argument.name.value}:)`, argumentWeight);
          }
        }
        break;
      }
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        for (const field of definition.fields ?? []) {
          const weight = weightOf(field.directives);
          if (weight !== null) fields.set(`${definition.name.value}.${field.name.value}`, weight);
        }
        break;
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.SCALAR_TYPE_EXTENSION:
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION: {
        const weight = weightOf(definition.directives);
        if (weight !== null) types.set(definition.name.value, weight);
        break;
      }
      default:
        break;
    }
  }
  return { types, fields, arguments: args, listSizes };
}

/** The names `@cost` and `@listSize` have in this schema, or null when it does not link the cost spec. */
function costDirectiveNames(document: DocumentNode): { cost: string; listSize: string } | null {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      const url = directive.arguments?.find((a) => a.name.value === 'url')?.value;
      if (url?.kind !== Kind.STRING || !url.value.startsWith(COST_SPEC)) continue;
      const as = directive.arguments?.find((a) => a.name.value === 'as')?.value;
      const namespace = as?.kind === Kind.STRING ? as.value : 'cost';
      const imports = new Map<string, string>();
      const list = directive.arguments?.find((a) => a.name.value === 'import')?.value;
      for (const item of list?.kind === Kind.LIST ? list.values : list ? [list] : []) {
        if (item.kind === Kind.STRING) imports.set(item.value, item.value);
        if (item.kind === Kind.OBJECT) {
          const name = item.fields.find((f) => f.name.value === 'name')?.value;
          const renamed = item.fields.find((f) => f.name.value === 'as')?.value;
          if (name?.kind === Kind.STRING) imports.set(name.value, renamed?.kind === Kind.STRING ? renamed.value : name.value);
        }
      }
      // Not imported: `@<namespace>` for the directive named like the spec, `@<namespace>__<name>` otherwise.
      const resolve = (name: string) => (imports.get(`@${name}`) ?? (name === 'cost' ? `@${namespace}` : `@${namespace}__${name}`)).slice(1);
      return { cost: resolve('cost'), listSize: resolve('listSize') };
    }
  }
  return null;
}
