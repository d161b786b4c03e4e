// Chunk upload (admin), the publisher's "what is missing?" question, and chunk download (members).
import fs from 'node:fs/promises';
import { MAX_JSON_BODY, type ChunksMissingResponse } from '../../common/api/http.ts';
import { MAX_CHUNK_CIPHERTEXT } from '../../common/pack/format.ts';
import { CouncilError } from '../../common/result.ts';
import { chunkFileSize, chunkPath, writeChunkFile } from '../store/chunkFiles.ts';
import { chunkSizeInMeeting, getChunkSize, insertChunk, missingChunks } from '../store/packQueries.ts';
import { requireAdmin, requireMember, sha256Hex } from './auth.ts';
import { ChunkCache } from './chunkCache.ts';
import type { PackContext } from './context.ts';
import { parseRange, type RangeResult } from './range.ts';
import { json } from './responses.ts';
import { chunksMissingSchema, hashSchema, parseJsonBody, parseParam } from './schemas.ts';
import type { CoreRequest, CoreResponse, Route, RouteParams } from './types.ts';
import { ROUTES } from '../../common/api/routes.ts';

/** Chunks are content-addressed, so a URL's bytes never change: any cache may keep them for good. */
const CHUNK_CACHE_CONTROL = 'private, max-age=31536000, immutable';

async function putChunk(ctx: PackContext, req: CoreRequest, params: RouteParams): Promise<CoreResponse> {
  requireAdmin(ctx, req);
  const hash = parseParam(params['hash'], hashSchema, 'chunk hash');
  if (req.body.length > MAX_CHUNK_CIPHERTEXT) throw new CouncilError('TOO_LARGE', `a chunk holds at most ${MAX_CHUNK_CIPHERTEXT} bytes`);
  if (sha256Hex(req.body) !== hash) throw new CouncilError('PACK_CHUNK_MISMATCH', 'the SHA-256 of the body does not match the URL');
  const known = getChunkSize(ctx.db, hash) !== undefined && (await chunkFileSize(ctx, hash)) === req.body.length;
  // The file goes first: a chunks row always means a whole file on disk.
  if (!known) {
    await writeChunkFile(ctx, hash, req.body);
    insertChunk(ctx.db, hash, req.body.length, ctx.now());
  }
  return json(200, { hash, size: req.body.length, stored: !known });
}

function postMissing(ctx: PackContext, req: CoreRequest): CoreResponse {
  requireAdmin(ctx, req);
  const { hashes } = parseJsonBody(req, chunksMissingSchema);
  const answer: ChunksMissingResponse = { missing: missingChunks(ctx.db, [...new Set(hashes)]) };
  return json(200, answer);
}

async function getChunk(ctx: PackContext, cache: ChunkCache, req: CoreRequest, params: RouteParams): Promise<CoreResponse> {
  const member = requireMember(ctx, req);
  const hash = parseParam(params['hash'], hashSchema, 'chunk hash');
  // A member sees only chunks of their own meeting: another meeting's chunk is "not found", not "forbidden".
  const size = chunkSizeInMeeting(ctx.db, member.meetingId, hash);
  if (size === undefined) throw new CouncilError('NOT_FOUND', 'no such chunk in this meeting');
  const etag = `"${hash}"`;
  const headers = {
    etag,
    'cache-control': CHUNK_CACHE_CONTROL,
    'accept-ranges': 'bytes',
    'content-type': 'application/octet-stream',
  };
  if (matchesEtag(req.headers['if-none-match'], etag)) return { status: 304, headers, body: { kind: 'empty' } };
  const range = parseRange(req.headers['range'], size);
  // Answered from memory (chunkCache.ts says why); an unsatisfiable range reads nothing.
  const bytes = range.kind === 'unsatisfiable' || size === 0 ? undefined : await cache.get(hash, size);
  return chunkBody(range, size, headers, bytes);
}

function chunkBody(range: RangeResult, size: number, headers: Record<string, string>, bytes: Buffer | undefined): CoreResponse {
  switch (range.kind) {
    case 'full':
      return { status: 200, headers, body: bytes === undefined ? { kind: 'empty' } : { kind: 'bytes', value: bytes } };
    case 'partial':
      return {
        status: 206,
        headers: { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${size}` },
        body: { kind: 'bytes', value: (bytes ?? Buffer.alloc(0)).subarray(range.start, range.end + 1) },
      };
    case 'unsatisfiable':
      return {
        status: 416,
        headers: { 'content-range': `bytes */${size}`, 'content-type': 'application/json', 'cache-control': 'no-store' },
        body: { kind: 'json', value: { ok: false, error: { code: 'BAD_REQUEST', message: 'range not satisfiable' } } },
      };
  }
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

export function chunkRoutes(ctx: PackContext): Route[] {
  const cache = new ChunkCache((hash) => fs.readFile(chunkPath(ctx, hash)));
  return [
    { method: 'PUT', pattern: ROUTES.chunk, access: 'admin', maxBody: MAX_CHUNK_CIPHERTEXT, handler: (req, p) => putChunk(ctx, req, p) },
    { method: 'POST', pattern: ROUTES.chunksMissing, access: 'admin', maxBody: MAX_JSON_BODY, handler: (req) => postMissing(ctx, req) },
    { method: 'GET', pattern: ROUTES.chunk, access: 'member', maxBody: 0, handler: (req, p) => getChunk(ctx, cache, req, p) },
  ];
}
