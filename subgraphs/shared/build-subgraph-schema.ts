import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { buildSchemaSync, createResolversMap, getMetadataStorage } from 'type-graphql';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { guardFields } from './enforce-requirements';

/**
 * The Federation spec every subgraph links: 2.5 is the first with `@authenticated`/`@requiresScopes`,
 * 2.9 the first with the cost spec's `@cost`/`@listSize`.
 */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", ' +
  'import: ["@key", "@shareable", "@external", "@requires", "@inaccessible", "@authenticated", "@requiresScopes", "@cost", "@listSize"])';

export interface SubgraphSchemaOptions {
  /** type-graphql resolver classes; they decide which types the schema contains. */
  readonly resolvers: readonly Function[];
  /** Types reachable only through `_entities`, not from a root field. */
  readonly orphanedTypes?: readonly Function[];
  /** `__resolveReference` and other resolvers type-graphql cannot express, by type name. */
  readonly referenceResolvers?: GraphQLResolverMap<unknown>;
}

export interface BuiltSubgraphSchema {
  readonly schema: GraphQLSchema;
  /** The subgraph's SDL as composition sees it (federation directives included). */
  readonly sdl: string;
}

/**
 * type-graphql writes the types, `@apollo/subgraph` adds `_service`/`_entities`: the type-graphql
 * schema is printed with its directives, linked to the federation spec, and rebuilt as a subgraph
 * with type-graphql's resolvers.
 */
export function buildAgencySubgraphSchema(options: SubgraphSchemaOptions): BuiltSubgraphSchema {
  plainFieldsResolveDirectly();
  const codeFirst = buildSchemaSync({
    resolvers: options.resolvers as [Function, ...Function[]],
    orphanedTypes: options.orphanedTypes ? [...options.orphanedTypes] : undefined,
    validate: false,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(codeFirst)}`;
  const resolvers = createResolversMap(codeFirst) as GraphQLResolverMap<unknown>;
  for (const [typeName, extra] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...(extra as object) } as never;
  }
  const schema = guardFields(buildSubgraphSchema({ typeDefs: parse(sdl), resolvers }));
  return { schema, sdl };
}

/**
 * type-graphql gives every plain property field (a row's column) a resolver of its own that runs
 * the field's middleware chain, even an empty one: a closure and an object per field per row.
 * No subgraph uses type-graphql middlewares or `@Authorized` (authorization is
 * enforce-requirements.ts, on every field), so plain fields are marked simple, type-graphql's own
 * option for this: graphql-js's default resolver reads them. `@FieldResolver`s are unchanged.
 */
function plainFieldsResolveDirectly(): void {
  const metadata = getMetadataStorage();
  if (metadata.middlewares.length > 0 || metadata.authorizedFields.length > 0) {
    throw new Error('type-graphql middlewares and @Authorized are not used in subgraphs (authorization is enforce-requirements.ts)');
  }
  for (const objectType of [...metadata.objectTypes, ...metadata.interfaceTypes]) {
    (objectType as { simpleResolvers?: boolean }).simpleResolvers ??= true;
  }
}
