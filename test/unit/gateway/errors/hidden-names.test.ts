import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { parse } from 'graphql';
import { createHiddenNameScrubber, hiddenElementNames } from '../../../../gateway/errors/hidden-names';
import type { GraphQLErrorBody } from '../../../../gateway/errors/error-catalogue';

const SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@inaccessible"])
  type Query { course: Course, audit: Audit @inaccessible }
  type Course @key(fields: "id") { id: ID! cost: Int @inaccessible level: Level }
  type Audit @inaccessible { note: String }
  enum Level { BASIC PILOT @inaccessible }
  input Filter { level: Level, withdrawn: Boolean @inaccessible }
  extend type Query { courses(filter: Filter): [Course] }
`;

describe('names hidden from the API schema', () => {
  let names: string[];
  beforeAll(async () => {
    const composed = composeServices([{ name: 'c', url: 'http://c.invalid', typeDefs: parse(SDL) }]);
    if (composed.errors) throw composed.errors[0];
    const gateway = new ApolloGateway({ supergraphSdl: composed.supergraphSdl });
    const { schema } = await gateway.load();
    await gateway.stop();
    names = hiddenElementNames(composed.supergraphSdl, schema);
  });

  it('are the hidden types and Type.member coordinates, not the feature machinery', () => {
    expect(names).toEqual(['Audit', 'Course.cost', 'Filter.withdrawn', 'Level.PILOT', 'Query.audit']);
  });

  it('never reach a client in a subgraph error message; other errors are left alone', () => {
    const scrub = createHiddenNameScrubber(names);
    const fromSubgraph = (message: string): GraphQLErrorBody => ({ message, path: ['course'], extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'c' } });
    for (const message of ['Cannot return null for non-nullable field Course.cost.', 'Audit not found', 'Enum "Level" cannot represent value: "PILOT"']) {
      const scrubbed = scrub(fromSubgraph(message));
      expect(scrubbed.message).toBe('Subgraph "c" reported an error about an element this API does not expose');
      expect(scrubbed.path).toEqual(['course']);
      expect(scrubbed.extensions).toEqual({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'c' });
    }
    for (const message of ['Course.costly is fine', 'Auditor busy', 'PILOT programme closed', 'Course.level failed']) {
      expect(scrub(fromSubgraph(message)).message).toBe(message);
    }
    const own: GraphQLErrorBody = { message: 'Course.cost', extensions: { code: 'BAD_USER_INPUT' } };
    expect(scrub(own)).toBe(own);
  });
});
