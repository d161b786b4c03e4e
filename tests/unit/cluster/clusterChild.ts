// One `council serve` instance of a cluster, in its own process so a test can SIGKILL it. argv: <dataDir>.
// The store and Redis come from COUNCIL_DATABASE_URL and COUNCIL_REDIS_URL (the defaults startCollabServer
// reads), extra live limits as JSON in COUNCIL_TEST_LIVE_LIMITS. IPC out: {url} once listening, {log} lines.
import { startCollabServer } from '../../../collab-server/server.ts';
import { CLUSTER_ADMIN_TOKEN } from './clusterHarness.ts';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: clusterChild.ts <dataDir>');
const live = process.env.COUNCIL_TEST_LIVE_LIMITS ? (JSON.parse(process.env.COUNCIL_TEST_LIVE_LIMITS) as Record<string, number>) : {};
const server = await startCollabServer({
  dataDir,
  host: '127.0.0.1',
  port: 0,
  adminToken: CLUSTER_ADMIN_TOKEN,
  log: (line) => process.send?.({ log: line }),
  http: { maxConnectionsPerAddress: 100_000 },
  live,
});
process.on('message', (m) => {
  if ((m as { stop?: boolean }).stop) void server.close().then(() => process.exit(0));
});
process.send?.({ url: server.url });
