// A collab-server in its own process for the fuzz suite (started by serverProcess.ts; not a test file):
// a crash shows as the process exiting, never as the test runner dying, and its RSS is its own.
// argv: <dataDir> <adminToken>. Prints one JSON line {url, pid} once listening; SIGTERM closes it.
import fs from 'node:fs';
import path from 'node:path';
import { startCollabServer } from '../../../collab-server/server.ts';

const [dataDir, adminToken] = process.argv.slice(2);
if (!dataDir || !adminToken) throw new Error('usage: fuzzServer.ts <dataDir> <adminToken>');

// A client bundle of its own, so answers do not depend on whether renderer/dist was built.
const staticDir = path.join(dataDir, 'static');
fs.mkdirSync(staticDir, { recursive: true });
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>fuzz</title>');

const server = await startCollabServer({
  staticDir,
  dataDir,
  host: '127.0.0.1',
  port: 0,
  adminToken,
  log: (line) => process.stderr.write(`${line}\n`),
  // The fuzzer sends far more commands than a member would; the command budget must not hide the parser.
  live: { commandBurst: 1_000_000, commandRefillPerSec: 1_000_000 },
});
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
