import { describe, expect, it } from 'vitest';
import { formatRoute, isInvitationHash, parseRoute, type Route } from '../../../renderer/app/routes.ts';
import { initialState, reducer, visibleUpdate, type Action, type AppState } from '../../../renderer/app/state.ts';
import type { InvitationPreview, UpdateInfo } from '../../../renderer/platform/Platform.ts';

const run = (actions: readonly Action[], from: AppState = initialState({ name: 'home' })) => actions.reduce(reducer, from);
const update: UpdateInfo = { meetingId: 'm1', fromRevision: 1, toRevision: 2, changes: [], bytesToDownload: 10 };

describe('routes', () => {
  const routes: readonly Route[] = [
    { name: 'home' },
    { name: 'join' },
    { name: 'invite' },
    { name: 'meeting', meetingId: 'm1', tab: 'agenda' },
    { name: 'meeting', meetingId: 'm1', tab: 'delegates' },
    { name: 'meeting', meetingId: 'm1', tab: 'info' },
    { name: 'download', meetingId: 'm1' },
    { name: 'doc', meetingId: 'm1', documentId: 'to-trinh-12' },
  ];
  it('round-trip through the hash', () => {
    for (const r of routes) expect(parseRoute(formatRoute(r))).toEqual(r);
  });
  it('recognise an invitation fragment and fall back to home on nonsense', () => {
    expect(isInvitationHash('#v1.m.d.s.k')).toBe(true);
    expect(parseRoute('#v1.m.d.s.k')).toEqual({ name: 'invite' });
    expect(parseRoute('#/m/../../etc')).toEqual({ name: 'home' });
    expect(parseRoute('')).toEqual({ name: 'home' });
  });
});

describe('reducer', () => {
  it('ignores a preview answer for a link that is no longer shown', () => {
    const preview = { meetingId: 'm1' } as InvitationPreview;
    const s = run([{ type: 'invite/start', link: 'a' }, { type: 'invite/start', link: 'b' }, { type: 'invite/loaded', link: 'a', result: { ok: true, value: preview } }]);
    expect(s.invite).toEqual({ link: 'b', preview: { status: 'loading' } });
    const t = reducer(s, { type: 'invite/loaded', link: 'b', result: { ok: false, error: { code: 'LINK_INVALID', message: 'x' } } });
    expect(t.invite?.preview).toEqual({ status: 'error', error: { code: 'LINK_INVALID', message: 'x' } });
    expect(reducer(t, { type: 'invite/clear' }).invite).toBeUndefined();
  });

  it('keeps a loaded meeting while the same meeting reloads (no flicker)', () => {
    const s = run([{ type: 'meeting/loading', meetingId: 'm1' }, { type: 'meeting/loaded', meetingId: 'm1', result: { ok: false, error: { code: 'NETWORK', message: '' } } }]);
    expect(reducer(s, { type: 'meeting/loading', meetingId: 'm1' })).toBe(s);
    expect(reducer(s, { type: 'meeting/loading', meetingId: 'm2' }).meeting).toEqual({ meetingId: 'm2', view: { status: 'loading' } });
  });

  it('shows an update until dismissed, and again for a newer revision', () => {
    let s = run([{ type: 'update/checked', meetingId: 'm1', update }]);
    expect(visibleUpdate(s, 'm1')).toBe(update);
    s = reducer(s, { type: 'update/dismiss', meetingId: 'm1' });
    expect(visibleUpdate(s, 'm1')).toBeUndefined();
    s = reducer(s, { type: 'update/checked', meetingId: 'm1', update: { ...update, toRevision: 3 } });
    expect(visibleUpdate(s, 'm1')?.toRevision).toBe(3);
    s = reducer(s, { type: 'update/checked', meetingId: 'm1', update: null });
    expect(s.updates).toEqual({});
  });

  it('records progress per meeting, language, connectivity and notices', () => {
    const progress = { meetingId: 'm1', revision: 1, phase: 'running', bytesDone: 1, bytesTotal: 2, documentsDone: 0, documentsTotal: 1 } as const;
    const s = run([{ type: 'download/progress', progress }, { type: 'lang', lang: 'en' }, { type: 'online', online: false }, { type: 'notice', error: { code: 'INTERNAL', message: 'x' } }]);
    expect(s.downloads['m1']).toBe(progress);
    expect([s.lang, s.online, s.notice?.code]).toEqual(['en', false, 'INTERNAL']);
    expect(reducer(s, { type: 'notice' }).notice).toBeUndefined();
  });
});
