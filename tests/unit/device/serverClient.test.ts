// The one HTTP error mapping of the device core's server client, and the client against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerClient, errorFromAnswer } from '../../../common/device/serverClient.ts';
import { startTestServer, type TestServer } from '../join/helpers/env.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('errorFromAnswer', () => {
  it("keeps the server's stable code, whatever the status", () => {
    expect(errorFromAnswer(403, { ok: false, error: { code: 'REVOKED', message: 'thu hồi' } })).toMatchObject({ code: 'REVOKED', message: 'thu hồi' });
    expect(errorFromAnswer(400, { ok: false, error: { code: 'BAD_REQUEST', message: 'x', details: ['a', 1] } }).details).toEqual(['a', '1']);
  });

  it('maps a status without our body the same way for every caller', () => {
    const codes = [400, 401, 403, 404, 409, 410, 413, 418, 429, 500, 502].map((s) => [s, errorFromAnswer(s, '<html>proxy</html>').code]);
    expect(codes).toEqual([
      [400, 'BAD_REQUEST'],
      [401, 'UNAUTHORIZED'],
      [403, 'FORBIDDEN'],
      [404, 'NOT_FOUND'],
      [409, 'CONFLICT'],
      [410, 'REVOKED'],
      [413, 'TOO_LARGE'],
      [418, 'BAD_REQUEST'],
      [429, 'RATE_LIMITED'],
      [500, 'NETWORK'],
      [502, 'NETWORK'],
    ]);
    expect(errorFromAnswer(403, { error: { code: 'NOT_A_CODE' } }).code).toBe('FORBIDDEN');
  });
});

describe('createServerClient against a real collab-server', () => {
  it('a wrong token is UNAUTHORIZED, an unreachable server NETWORK, a bad chunk PACK_CHUNK_MISMATCH before storage', async () => {
    const client = createServerClient(server.url, 'not-a-token');
    await expect(client.manifest('m1')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(createServerClient('http://127.0.0.1:9', 't').manifest('m1')).rejects.toMatchObject({ code: 'NETWORK' });
    const answering = createServerClient(server.url, 't', async () => new Response(new Uint8Array([1, 2, 3]), { status: 200 }));
    await expect(answering.chunk({ hash: 'a'.repeat(64), size: 3 })).rejects.toMatchObject({ code: 'PACK_CHUNK_MISMATCH' });
    await expect(answering.chunk({ hash: 'a'.repeat(64), size: 4 })).rejects.toMatchObject({ code: 'PACK_CHUNK_MISMATCH' });
  });

  it('a cancelled request is NETWORK (cancelled)', async () => {
    const stop = new AbortController();
    stop.abort();
    await expect(createServerClient(server.url, 't').manifest('m1', stop.signal)).rejects.toMatchObject({ code: 'NETWORK', message: 'đã hủy / cancelled' });
  });
});
