// A real collab-server on 127.0.0.1 port 0 with its own temp data dir, and fake but well-formed packs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MemberUpload, PublishRevisionRequest } from '../../../common/api/http.ts';
import type { Role } from '../../../common/meeting/types.ts';
import type { ManifestEnvelope } from '../../../common/pack/format.ts';
import { startCollabServer, type CollabServer, type CollabServerOptions } from '../../../collab-server/server.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestServer {
  readonly server: CollabServer;
  readonly url: string;
  readonly dataDir: string;
  readonly logs: string[];
  stop(): Promise<void>;
}

export function tempDir(prefix = 'council-server-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startTestServer(extra: Partial<CollabServerOptions> = {}): Promise<TestServer> {
  const dataDir = tempDir();
  const logs: string[] = [];
  const server = await startCollabServer({ dataDir, host: '127.0.0.1', port: 0, adminToken: ADMIN_TOKEN, log: (l) => logs.push(l), ...extra });
  return {
    server,
    url: server.url,
    dataDir,
    logs,
    async stop() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const b64u = (bytes: number): string => crypto.randomBytes(bytes).toString('base64url');
export const sha256Hex = (data: string | Uint8Array): string => crypto.createHash('sha256').update(data).digest('hex');

export function fakeEnvelope(meetingId: string, revision: number, publisherKey = b64u(32)): ManifestEnvelope {
  return { format: 1, meetingId, revision, publisherKey, nonce: b64u(12), ciphertext: b64u(200), signature: b64u(64) };
}

export interface FakeMember {
  readonly token: string;
  readonly upload: MemberUpload;
}

export function fakeMember(delegateId: string, role: Role = 'delegate'): FakeMember {
  const token = b64u(32);
  return { token, upload: { delegateId, role, tokenHash: sha256Hex(token), wrappedKeys: { nonce: b64u(12), ciphertext: b64u(80) } } };
}

export function publishBody(envelope: ManifestEnvelope, chunks: readonly string[], members: readonly FakeMember[]): PublishRevisionRequest {
  return { envelope, chunks, members: members.map((m) => m.upload) };
}

export function bearer(token: string, headers: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...headers };
}

export async function putChunk(url: string, bytes: Uint8Array, hash = sha256Hex(bytes), token = ADMIN_TOKEN): Promise<Response> {
  return fetch(`${url}/api/chunks/${hash}`, { method: 'PUT', headers: bearer(token), body: new Uint8Array(bytes) });
}

export async function postJson(url: string, token: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: bearer(token, { 'content-type': 'application/json' }), body: JSON.stringify(body) });
}

/** Uploads `count` random chunks and publishes revision 1 of a meeting with the given members. */
export async function publishMeeting(
  url: string,
  meetingId: string,
  members: readonly FakeMember[],
  count = 2,
): Promise<{ chunks: Uint8Array[]; hashes: string[]; envelope: ManifestEnvelope }> {
  const chunks = Array.from({ length: count }, () => new Uint8Array(crypto.randomBytes(100 + Math.floor(Math.random() * 100))));
  for (const c of chunks) {
    const r = await putChunk(url, c);
    if (r.status !== 200) throw new Error(`chunk upload failed: ${r.status} ${await r.text()}`);
  }
  const hashes = chunks.map((c) => sha256Hex(c));
  const envelope = fakeEnvelope(meetingId, 1);
  const r = await postJson(`${url}/api/meetings/${meetingId}/revisions`, ADMIN_TOKEN, publishBody(envelope, hashes, members));
  if (r.status !== 200) throw new Error(`publish failed: ${r.status} ${await r.text()}`);
  return { chunks, hashes, envelope };
}

/** Error bodies are `{ok:false,error:{code,message}}` and never carry a stack trace. */
export async function errorCode(r: Response): Promise<string> {
  const text = await r.text();
  if (/\bat .*\.(ts|js):\d+/.test(text) || text.includes('node:internal')) throw new Error(`stack trace leaked: ${text}`);
  const body = JSON.parse(text) as { ok: boolean; error: { code: string } };
  if (body.ok !== false) throw new Error(`not an error body: ${text}`);
  return body.error.code;
}
