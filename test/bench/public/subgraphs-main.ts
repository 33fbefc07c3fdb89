/**
 * The public benchmark's four subgraphs in one process (the benchmark runs them as one service
 * too), each on a free loopback port. Prints `public subgraphs listening on <json of name=url>`.
 */
import { loadBenchmarkData, PUBLIC_SUBGRAPH_NAMES } from './benchmark-schema';
import { buildPublicSubgraphApp } from './benchmark-subgraphs';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

async function main(): Promise<void> {
  const data = loadBenchmarkData();
  const urls: Record<string, string> = {};
  const apps = PUBLIC_SUBGRAPH_NAMES.map((name) => ({ name, app: buildPublicSubgraphApp(name, data) }));
  for (const { name, app } of apps) urls[name] = `${await app.listen({ host: '127.0.0.1', port: 0 })}/graphql`;
  process.stdout.write(`public subgraphs ready ${JSON.stringify(urls)}\n`);
  const stop = () => void Promise.all(apps.map(({ app }) => app.close())).then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
