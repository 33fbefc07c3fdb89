import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';
import type { RecordedSubgraphRequest, SubgraphDefinition } from './scenario';

export interface RunningSubgraph {
  readonly name: string;
  readonly url: string;
  /** Every request received since the last `clear()`. */
  readonly requests: RecordedSubgraphRequest[];
  clear(): void;
  close(): Promise<void>;
}

/**
 * One subgraph over real HTTP on a free loopback port: graphql-js executing the @apollo/subgraph
 * schema, as any Federation 2 subgraph server would. Errors thrown by resolvers come back in
 * `errors` with their paths; nothing else about the server is special.
 */
export async function startSubgraph(definition: SubgraphDefinition): Promise<RunningSubgraph> {
  const schema = buildSubgraphSchema({ typeDefs: parse(definition.typeDefs), resolvers: definition.resolvers as never });
  const requests: RecordedSubgraphRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        let body: { query?: string; variables?: Record<string, unknown>; operationName?: string };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
        } catch {
          response.writeHead(400).end();
          return;
        }
        const recorded: RecordedSubgraphRequest = { query: body.query ?? '', variables: body.variables };
        requests.push(recorded);
        if (definition.intercept?.(recorded) === 'drop') {
          request.socket.destroy();
          return;
        }
        const result = await graphql({ schema, source: recorded.query, variableValues: body.variables, operationName: body.operationName });
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      })();
    });
  });
  // Keep-alive sockets from the gateways must not hold close() up.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: definition.name,
    url: `http://127.0.0.1:${port}/graphql`,
    requests,
    clear: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
