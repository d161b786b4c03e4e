// One collab-server instance of the cluster benchmark, alone in its process so its RSS and CPU are its own.
// argv: <dataDir> <databaseUrl> [redisUrl|-]. IPC out: {port} once listening | {stats: {rssMb, peakMb, cpuSeconds}};
// in: {stats: true} | {stop: true}. The bench seeds the shared PostgreSQL itself.
import { startCollabServer } from '../../collab-server/server.ts';
import { peakRssMb, rssMb } from '../rush/procStats.ts';

const [dataDir, databaseUrl, redisArg] = process.argv.slice(2);
if (!dataDir || !databaseUrl) throw new Error('usage: instanceChild.ts <dataDir> <databaseUrl> [redisUrl|-]');
const log = (line: string): void => {
  if (/fail|error|refus|lost/i.test(line)) process.stderr.write(`cluster instance: ${line}\n`);
};
// Every benchmark client is 127.0.0.1 (5,000 of them): lift the per-address connection cap only.
const server = await startCollabServer({
  dataDir,
  host: '127.0.0.1',
  port: 0,
  adminToken: 'bench-cluster-admin-token-0123456789',
  log,
  http: { maxConnectionsPerAddress: 1_000_000 },
  databaseUrl,
  ...(redisArg && redisArg !== '-' ? { redisUrl: redisArg } : {}),
});

process.send?.({ port: server.port });
process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
  const msg = m as { stats?: boolean; stop?: boolean };
  if (msg.stats) {
    const u = process.cpuUsage();
    process.send?.({ stats: { rssMb: rssMb(process.pid), peakMb: peakRssMb(process.pid), cpuSeconds: (u.user + u.system) / 1e6 } });
  } else if (msg.stop) void server.close().finally(() => process.exit(0));
});
