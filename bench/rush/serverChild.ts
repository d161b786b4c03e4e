// The collab-server of the rush benchmark, alone in its process so its CPU time and peak RSS are its own.
// argv: <dataDir>. IPC out: {port}; in: {stop: true}. Limits are the production defaults: in the hall every
// device has its own address, and the benchmark's clients each bind one (bench/rush/clientChild.ts).
import { startCollabServer } from '../../collab-server/server.ts';
import { RUSH_ADMIN } from './admin.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: serverChild.ts <dataDir>');
// Only what went wrong reaches the bench's stderr: a routine line per request would cost the server time.
const log = (line: string): void => {
  if (/fail|error|refus/i.test(line)) process.stderr.write(`rush server: ${line}\n`);
};
const server = await startCollabServer({ dataDir, host: '127.0.0.1', port: 0, adminToken: RUSH_ADMIN, log });
process.send?.({ port: server.port });
process.on('message', (m) => {
  if ((m as { stop?: boolean }).stop) {
    const stats = server.stats();
    void server.close().finally(() => process.send?.({ stats }, () => process.exit(0)));
  }
});
