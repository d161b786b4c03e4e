// Issue 13, finding 5: the commands route accepted `?token=` without a header, so tokens ended up in proxy
// and access logs. A query token is now accepted on the WebSocket upgrade only (browsers cannot set
// headers there), and no log line carries a URL's token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../../../collab-server/http/nodeAdapter.ts';
import { LIVE_API, meetingStateRoom } from '../../../common/live/index.ts';
import { startTestServer, type TestServer } from '../collab-server/helpers.ts';
import { connect, nextCommandId, seedMeeting, waitForSynced, type TestMember } from '../live/liveHarness.ts';

let t: TestServer;
let chair: TestMember;
beforeAll(async () => {
  t = await startTestServer();
  const cast = seedMeeting(t.server, 'url', [{ delegateId: 'chu-toa', role: 'chair' }]);
  chair = cast[0] as TestMember;
});
afterAll(async () => {
  await t?.stop();
});

const q = (token: string): string => `?token=${encodeURIComponent(token)}`;

describe('tokens in URLs', () => {
  it('refuses a command that carries its token only in the query', async () => {
    const r = await fetch(`${t.url}${LIVE_API.commands('url')}${q(chair.token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: nextCommandId(), type: 'announce', text: 'qua URL', level: 'info' }),
    });
    expect(r.status).toBe(401);
  });

  it('refuses the audit log, the manifest and /api/me with a query token only', async () => {
    for (const path of [LIVE_API.audit('url'), '/api/meetings/url/manifest', '/api/me']) {
      expect((await fetch(`${t.url}${path}${q(chair.token)}`)).status).toBe(401);
    }
  });

  it('still accepts the header on the same route', async () => {
    const r = await fetch(`${t.url}${LIVE_API.commands('url')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${chair.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: nextCommandId(), type: 'announce', text: 'qua header', level: 'info' }),
    });
    expect(r.status).toBe(200);
  });

  it('accepts a query token on the WebSocket upgrade (the y-websocket client sends it so)', async () => {
    const client = connect(t.url, meetingStateRoom('url'), chair.token);
    try {
      await waitForSynced(client);
      expect(client.provider.synced).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('writes no token into any log line', () => {
    expect(t.logs.some((line) => line.includes(chair.token))).toBe(false);
  });

  it('strips query tokens from URLs before they are logged', () => {
    expect(redactUrl('/sync/m/x/state?token=abc.def&x=1')).toBe('/sync/m/x/state?token=[redacted]&x=1');
    expect(redactUrl('/api/me?a=1&TOKEN=s3cr3t')).toBe('/api/me?a=1&TOKEN=[redacted]');
    expect(redactUrl('/api/health')).toBe('/api/health');
    expect(redactUrl('/x?notoken=1')).toBe('/x?notoken=1');
  });
});
