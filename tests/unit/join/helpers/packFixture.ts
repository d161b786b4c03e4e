// Builds and uploads meeting packs with the common/pack functions and the HTTP contract, with this test's own
// publisher keys, so tests can also publish packs a real publisher never would (truncated, reordered, re-signed).
import { PDFDocument } from 'pdf-lib';
import { API, type MemberUpload, type PublishRevisionRequest } from '../../../../common/api/http.ts';
import type { Delegate, DocumentKind } from '../../../../common/meeting/types.ts';
import { generatePublisherKeys, randomBytes, sha256Hex, type PublisherKeys } from '../../../../common/pack/crypto.ts';
import { own, toB64url } from '../../../../common/pack/encoding.ts';
import { CHUNK_SIZE, PACK_FORMAT_VERSION, type ChunkRef, type DocumentEntry, type ManifestEnvelope, type PackManifest } from '../../../../common/pack/format.ts';
import { deriveCredentials, formatInvitationLink, newSecret } from '../../../../common/pack/invite.ts';
import { sealDocumentEntry, sealManifest, wrapKeyBundle } from '../../../../common/pack/manifest.ts';
import { encryptDocument } from '../../../../common/pack/stream.ts';

export interface FixtureDoc {
  readonly id: string;
  readonly title: string;
  readonly kind: DocumentKind;
  readonly agendaItemId: string;
  readonly data: Uint8Array;
  readonly pages: number;
  readonly confidential?: boolean;
  readonly readers?: readonly string[];
}

interface EncryptedDoc {
  readonly sha256: string;
  readonly key: Uint8Array;
  readonly noncePrefix: Uint8Array;
  readonly revision: number;
  readonly chunks: readonly ChunkRef[];
}

export interface PublishTweaks {
  /** Rewrites the manifest before it is sealed and signed (with this publisher's real key). */
  readonly manifest?: (m: PackManifest, pack: TestPack) => PackManifest | Promise<PackManifest>;
  /** Extra ciphertext chunks to upload (for manifests that point at forged chunks). */
  readonly extraChunks?: readonly Uint8Array[];
}

export interface Published {
  readonly revision: number;
  readonly manifest: PackManifest;
  readonly envelope: ManifestEnvelope;
}

export const DELEGATES: readonly Delegate[] = [
  { id: 'chair', name: 'Nguyễn Văn An', position: 'Chủ tịch HĐND', unit: 'Thường trực', group: 'Tổ 1', role: 'chair' },
  { id: 'd1', name: 'Trần Thị Bình', position: 'Đại biểu', unit: 'Xã Đông Hòa', group: 'Tổ 1', role: 'delegate' },
  { id: 'd2', name: 'Lê Văn Cường', position: 'Đại biểu', unit: 'Xã Tây Sơn', group: 'Tổ 2', role: 'delegate' },
];

/** A meeting on a real collab-server, published revision by revision by this test. */
export class TestPack {
  readonly meetingId = `m${toB64url(randomBytes(9))}`;
  readonly meetingKey = randomBytes(32);
  readonly secrets = new Map(DELEGATES.map((d) => [d.id, newSecret()]));
  readonly chunkBytes = new Map<string, Uint8Array>();
  readonly encrypted = new Map<string, EncryptedDoc>();
  revision = 0;

  private constructor(
    readonly server: string,
    readonly adminToken: string,
    readonly publisher: PublisherKeys,
  ) {}

  static async create(server: string, adminToken: string, publisher?: PublisherKeys): Promise<TestPack> {
    return new TestPack(server, adminToken, publisher ?? (await generatePublisherKeys()));
  }

  /** The invitation link of a delegate; `server` points it elsewhere (a proxy), the rest forges it. */
  link(delegateId: string, overrides: { server?: string; secret?: string; publisherKey?: string } = {}): string {
    const secret = overrides.secret ?? this.secrets.get(delegateId);
    if (!secret) throw new Error(`no delegate ${delegateId}`);
    return formatInvitationLink({ server: overrides.server ?? this.server, meetingId: this.meetingId, delegateId, secret, publisherKey: overrides.publisherKey ?? this.publisher.publicKey });
  }

  /** Hashes of a document's chunks in the latest revision built. */
  chunksOf(docId: string): readonly ChunkRef[] {
    const e = this.encrypted.get(docId);
    if (!e) throw new Error(`no document ${docId}`);
    return e.chunks;
  }

  async publish(docs: readonly FixtureDoc[], tweaks: PublishTweaks = {}): Promise<Published> {
    const revision = this.revision + 1;
    const documents: DocumentEntry[] = [];
    const sealedDocuments = [];
    for (const doc of docs) {
      const enc = await this.encrypt(doc, revision);
      const entry: DocumentEntry = {
        id: doc.id,
        title: doc.title,
        kind: doc.kind,
        agendaItemId: doc.agendaItemId,
        file: `${doc.id}.pdf`,
        bytes: doc.data.length,
        pages: doc.pages,
        sha256: enc.sha256,
        confidential: doc.confidential === true,
        ...(doc.readers ? { readers: doc.readers } : {}),
        revision: enc.revision,
        ...(doc.confidential ? {} : { key: toB64url(enc.key) }),
        noncePrefix: toB64url(enc.noncePrefix),
        chunkSize: CHUNK_SIZE,
        chunks: enc.chunks,
      };
      if (doc.confidential) sealedDocuments.push(await sealDocumentEntry(this.meetingId, entry, enc.key));
      else documents.push(entry);
    }
    let manifest: PackManifest = {
      format: PACK_FORMAT_VERSION,
      meetingId: this.meetingId,
      revision,
      publishedAt: new Date().toISOString(),
      meeting: { title: 'Kỳ họp thứ Mười Hai HĐND xã Đông Hòa', body: 'HĐND xã Đông Hòa', startsAt: '2025-07-01T08:00:00+07:00', place: 'Hội trường UBND xã', totalDelegates: DELEGATES.length, quorum: { numerator: 2, denominator: 3 } },
      agenda: agendaFor(docs),
      delegates: DELEGATES,
      documents,
      sealedDocuments,
    };
    if (tweaks.manifest) manifest = await tweaks.manifest(manifest, this);
    const envelope = await sealManifest(manifest, this.meetingKey, this.publisher);
    for (const c of tweaks.extraChunks ?? []) this.chunkBytes.set(await sha256Hex(c), c);
    const chunks = [...new Set([...docs.flatMap((d) => this.chunksOf(d.id).map((c) => c.hash)), ...manifestHashes(manifest)])];
    await this.upload(chunks);
    await this.postRevision({ envelope, chunks, members: await this.members(docs, revision) });
    this.revision = revision;
    return { revision, manifest, envelope };
  }

  /** Unchanged documents keep their key, nonce prefix and so their chunk hashes; changed ones get new ones. */
  private async encrypt(doc: FixtureDoc, revision: number): Promise<EncryptedDoc> {
    const sha256 = await sha256Hex(doc.data);
    const prev = this.encrypted.get(doc.id);
    if (prev && prev.sha256 === sha256) return prev;
    const key = randomBytes(32);
    const noncePrefix = randomBytes(7);
    const chunks: ChunkRef[] = [];
    for await (const c of encryptDocument({ docId: doc.id, key, noncePrefix, source: doc.data })) {
      this.chunkBytes.set(c.hash, c.ciphertext);
      chunks.push({ hash: c.hash, size: c.ciphertext.length });
    }
    const enc = { sha256, key, noncePrefix, revision, chunks };
    this.encrypted.set(doc.id, enc);
    return enc;
  }

  private async members(docs: readonly FixtureDoc[], revision: number): Promise<MemberUpload[]> {
    return Promise.all(
      DELEGATES.map(async (d) => {
        const creds = await deriveCredentials({ secret: this.secrets.get(d.id) ?? '', meetingId: this.meetingId, delegateId: d.id });
        const documentKeys: Record<string, string> = {};
        for (const doc of docs) {
          const enc = this.encrypted.get(doc.id);
          if (doc.confidential && enc && doc.readers?.includes(d.id)) documentKeys[doc.id] = toB64url(enc.key);
        }
        const wrappedKeys = await wrapKeyBundle({ meetingKey: toB64url(this.meetingKey), documentKeys }, creds.wrapKey, { meetingId: this.meetingId, delegateId: d.id, revision });
        return { delegateId: d.id, role: d.role, tokenHash: creds.tokenHash, wrappedKeys };
      }),
    );
  }

  private async upload(hashes: readonly string[]): Promise<void> {
    for (const hash of hashes) {
      const body = this.chunkBytes.get(hash);
      if (!body) throw new Error(`no bytes for chunk ${hash}`);
      const res = await fetch(`${this.server}${API.chunk(hash)}`, { method: 'PUT', headers: this.adminHeaders(), body: own(body) });
      if (!res.ok) throw new Error(`PUT chunk: HTTP ${res.status} ${await res.text()}`);
    }
  }

  private async postRevision(body: PublishRevisionRequest): Promise<void> {
    const res = await fetch(`${this.server}${API.revisions(this.meetingId)}`, {
      method: 'POST',
      headers: { ...this.adminHeaders(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST revision: HTTP ${res.status} ${await res.text()}`);
  }

  async revoke(delegateId: string): Promise<void> {
    const res = await fetch(`${this.server}${API.revoke(this.meetingId, delegateId)}`, { method: 'POST', headers: this.adminHeaders() });
    if (!res.ok) throw new Error(`revoke: HTTP ${res.status} ${await res.text()}`);
  }

  private adminHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.adminToken}` };
  }
}

function manifestHashes(m: PackManifest): string[] {
  return m.documents.flatMap((d) => d.chunks.map((c) => c.hash));
}

function agendaFor(docs: readonly FixtureDoc[]): PackManifest['agenda'] {
  const ids = [...new Set(docs.map((d) => d.agendaItemId))];
  return ids.map((id) => ({ id, title: `Nội dung ${id}`, documentIds: docs.filter((d) => d.agendaItemId === id).map((d) => d.id), items: [] }));
}

/**
 * A real PDF of `pages` pages carrying `payloadBytes` random bytes as an attachment, so it spans several
 * chunks and every sample of it is unique (for the no-plaintext-left-behind scans).
 */
export async function makePdf(title: string, pages: number, payloadBytes: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]).drawText(`Page ${i + 1}`, { x: 50, y: 780, size: 18 });
  if (payloadBytes > 0) await pdf.attach(randomBytes(payloadBytes), 'phu-luc.bin', { mimeType: 'application/octet-stream' });
  return pdf.save({ useObjectStreams: false });
}
