// A meeting really published to a real collab-server on port 0 (the publish fixture: d01, d02 in Tổ 1, d03 in Tổ 2,
// tk01 the secretary, hall an observer; the confidential mat/nhan-su.pdf read by d01 and d02), each member's note
// keys opened the way a device opens them, and note books over the real y-websocket client with `ws`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { startCollabServer, type CollabServer } from '../../../collab-server/server.ts';
import { noteKeysFrom } from '../../../common/annotations/keys.ts';
import type { NoteKeys } from '../../../common/annotations/noteKeys.ts';
import type { Annotation, AnnotationScope } from '../../../common/annotations/types.ts';
import { API, type ManifestResponse } from '../../../common/api/http.ts';
import { randomBytes } from '../../../common/pack/crypto.ts';
import { fromB64url, toB64url } from '../../../common/pack/encoding.ts';
import { deriveCredentials, parseInvitationLink } from '../../../common/pack/invite.ts';
import { openManifest, unwrapKeyBundle } from '../../../common/pack/manifest.ts';
import type { Result } from '../../../common/result.ts';
import { publishMeeting, type PublishResult } from '../../../main/services/publish/publish.ts';
import { inboxKeysOf, loadState } from '../../../main/services/publish/state.ts';
import { openNoteBook, type NoteBookDeps, type SyncedNoteBook } from '../../../renderer/annotations/book.ts';
import type { PlatformRecords } from '../../../renderer/platform/Platform.ts';
import { makeMeeting, MEETING, tempDir, type TempMeeting } from '../publish/fixtures.ts';

export const ADMIN = 'notes-sync-admin-token-0123456789abcdef';
export const IDS = ['d01', 'd02', 'd03', 'tk01', 'hall'] as const;
export type Id = (typeof IDS)[number];
export const WAIT_MS = 20_000;
// y-websocket adds a process 'exit' listener per provider in Node; a test opens a few dozen.
process.setMaxListeners(100);

/** Device records in memory: one store per device. */
export class MemoryRecords implements PlatformRecords {
  readonly data = new Map<string, string>();
  private k(meetingId: string, kind: string, key: string): string {
    return `${meetingId}\u0000${kind}\u0000${key}`;
  }
  get(meetingId: string, kind: string, key: string): Promise<Result<string | undefined>> {
    return Promise.resolve({ ok: true, value: this.data.get(this.k(meetingId, kind, key)) });
  }
  put(meetingId: string, kind: string, key: string, value: string): Promise<Result<null>> {
    this.data.set(this.k(meetingId, kind, key), value);
    return Promise.resolve({ ok: true, value: null });
  }
  list(meetingId: string, kind: string): Promise<Result<readonly { key: string; value: string }[]>> {
    const prefix = `${meetingId}\u0000${kind}\u0000`;
    const out = [...this.data].filter(([k]) => k.startsWith(prefix)).map(([k, value]) => ({ key: k.slice(prefix.length), value }));
    return Promise.resolve({ ok: true, value: out });
  }
  /** Every stored value as text and decoded from base64 (Node's decoder reads both alphabets): the Y.Doc states, the outbox. */
  bytes(): Buffer {
    return Buffer.concat([...this.data.values()].flatMap((v) => [Buffer.from(v, 'utf8'), Buffer.from(v, 'base64')]));
  }
}

export interface Member {
  readonly id: Id;
  readonly keys: NoteKeys;
  readonly token: string;
}

export interface Published {
  readonly server: CollabServer;
  readonly serverDir: string;
  readonly meetingDir: string;
  readonly logs: string[];
  readonly meetingId: string;
  readonly confidentialId: string;
  readonly ordinaryId: string;
  readonly members: Readonly<Record<Id, Member>>;
  readonly result: PublishResult;
  restart(): Promise<void>;
  stopServer(): Promise<void>;
  book(id: Id, records?: MemoryRecords, over?: Partial<NoteBookDeps>): Promise<SyncedNoteBook>;
  inboxKeys(): Promise<{ opinionPrivateKey: string; signers: Record<string, string> }>;
  /** Every byte under the server's data folder. */
  serverBytes(): Buffer;
  cleanup(): Promise<void>;
}

async function memberOf(r: PublishResult, id: Id): Promise<Member> {
  const link = r.invitations.find((i) => i.id === id)?.link ?? '';
  const inv = parseInvitationLink(link);
  const creds = await deriveCredentials(inv);
  const res = await fetch(`${inv.server}${API.manifest(inv.meetingId)}`, { headers: { authorization: `Bearer ${creds.authToken}` } });
  const answer = (await res.json()) as ManifestResponse;
  const bundle = await unwrapKeyBundle(answer.wrappedKeys, creds.wrapKey, { meetingId: inv.meetingId, delegateId: inv.delegateId, revision: answer.envelope.revision });
  const manifest = await openManifest(answer.envelope, fromB64url(bundle.meetingKey) ?? new Uint8Array(), inv.publisherKey);
  return { id, keys: noteKeysFrom(manifest, bundle, id), token: creds.authToken };
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

interface FolderSpec {
  readonly agenda: readonly { readonly items?: readonly { readonly documents?: { readers?: string[] }[] }[] }[];
}

/** Publishes the fixture meeting with the confidential document read by d01 and d02. */
export async function publishTestMeeting(): Promise<Published> {
  const meeting: TempMeeting = await makeMeeting();
  const spec = JSON.parse(JSON.stringify(MEETING)) as FolderSpec;
  const doc = spec.agenda[1]?.items?.[1]?.documents?.[0];
  if (!doc) throw new Error('fixture changed');
  doc.readers = ['d01', 'd02'];
  await meeting.write('meeting.json', JSON.stringify(spec, null, 2));
  const dir = await tempDir('council-notes-sync-');
  const logs: string[] = [];
  const start = (port: number): Promise<CollabServer> => startCollabServer({ dataDir: dir.dir, host: '127.0.0.1', port, adminToken: ADMIN, log: (l) => logs.push(l) });
  let server = await start(0);
  const result = await publishMeeting({ folder: meeting.dir, server: server.url, adminToken: ADMIN, ocr: false });
  const members = {} as Record<Id, Member>;
  for (const id of IDS) members[id] = await memberOf(result, id);
  const state = await loadState(meeting.dir);
  const confidentialId = state?.documents['mat/nhan-su.pdf']?.id ?? '';
  const ordinaryId = state?.documents['bao-cao/kt-xh.pdf']?.id ?? '';
  const books: SyncedNoteBook[] = [];
  const pub: Published = {
    get server() {
      return server;
    },
    serverDir: dir.dir,
    meetingDir: meeting.dir,
    logs,
    meetingId: result.meetingId,
    confidentialId,
    ordinaryId,
    members,
    result,
    async restart() {
      const port = server.port;
      await server.close();
      server = await start(port);
    },
    stopServer: () => server.close(),
    async book(id, records = new MemoryRecords(), over = {}) {
      const m = members[id];
      const b = await openNoteBook({
        keys: m.keys,
        credentials: { server: server.url, token: m.token },
        names: { d01: 'Lò Văn Thắng', d02: 'Giàng Thị Mai' },
        records,
        WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
        maxBackoffTime: 200,
        persistDelayMs: 30,
        ...over,
      });
      books.push(b);
      return b;
    },
    async inboxKeys() {
      const s = await loadState(meeting.dir);
      const k = s && inboxKeysOf(s);
      if (!k) throw new Error('no inbox keys');
      return { opinionPrivateKey: k.opinionPrivateKey, signers: { ...k.signers } };
    },
    serverBytes: () => Buffer.concat(filesUnder(dir.dir).map((f) => readFileSync(f))),
    async cleanup() {
      await Promise.all(books.map((b) => b.closeAndFlush()));
      await server.close();
      await dir.cleanup();
      await meeting.cleanup();
    },
  };
  return pub;
}

/** Resolves when `check` holds, checked after every change of `book` and every 20 ms; fails after the bound with `what`. */
export async function until(what: string, check: () => boolean, boundMs = WAIT_MS): Promise<void> {
  const end = Date.now() + boundMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let counter = 0;
export const newId = (): string => `n${toB64url(randomBytes(15))}${(counter++).toString(36)}`;

export function highlightBy(authorId: string, scope: AnnotationScope, documentId: string, sha256: string, over: Partial<Annotation> = {}): Annotation {
  return {
    id: newId(),
    kind: 'highlight',
    scope,
    authorId,
    target: { documentId, revision: 1, sha256, page: 2 },
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    color: 'pink',
    anchor: { quote: { exact: 'dự toán ngân sách', prefix: 'về ', suffix: ' năm 2027' }, position: { start: 120, end: 137 } },
    rects: [[72, 640, 180, 14]],
    ...over,
  } as Annotation;
}

export function noteBy(authorId: string, scope: AnnotationScope, documentId: string, sha256: string, text: string, over: Partial<Annotation> = {}): Annotation {
  return {
    id: newId(),
    kind: 'note',
    scope,
    authorId,
    target: { documentId, revision: 1, sha256, page: 1 },
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    point: [300, 500],
    text,
    ...over,
  } as Annotation;
}

export const ids = (b: SyncedNoteBook): string[] => b.snapshot().annotations.map((a) => a.annotation.id);
export const has = (b: SyncedNoteBook, id: string): boolean => ids(b).includes(id);
