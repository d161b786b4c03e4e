import { describe, expect, it } from 'vitest';
import type { SpeakRequest } from '../../../common/live/state.ts';
import type { Delegate, Role } from '../../../common/meeting/types.ts';
import type { AgendaNode } from '../../../common/pack/format.ts';
import { followStep, isFollowing, offerApplies, seedLastItem, type FollowState } from '../../../renderer/live/follow.ts';
import { adjacentItemId, connectedDelegateCount, connectedIds, countdownView, flattenAgenda, mainDocumentId, moveRequest, myRequests, newCommandId } from '../../../renderer/live/viewModel.ts';

const node = (id: string, documentIds: string[] = [], items: AgendaNode[] = []): AgendaNode => ({ id, title: `Nội dung ${id}`, documentIds, items });
const AGENDA: AgendaNode[] = [node('1', ['ct'], [node('1.1'), node('1.2')]), node('2', [], [node('2.1', ['bc']), node('2.2', ['tt'])]), node('3')];
const req = (id: string, delegateId: string, type: SpeakRequest['type'] = 'phat-bieu'): SpeakRequest => ({ id, delegateId, type, requestedAt: 0 });

describe('agenda position', () => {
  it('reads the agenda depth-first and steps through it', () => {
    expect(flattenAgenda(AGENDA).map((f) => `${f.node.id}@${f.depth}`)).toEqual(['1@0', '1.1@1', '1.2@1', '2@0', '2.1@1', '2.2@1', '3@0']);
    expect(adjacentItemId(AGENDA, null, 1)).toBe('1');
    expect(adjacentItemId(AGENDA, '1.2', 1)).toBe('2');
    expect(adjacentItemId(AGENDA, '2', -1)).toBe('1.2');
    expect(adjacentItemId(AGENDA, '3', 1)).toBeUndefined();
  });

  it('finds the main document of an item, or of its first sub-item that has one', () => {
    const readable = new Set(['ct', 'bc', 'tt']);
    expect(mainDocumentId(AGENDA[0], readable)).toBe('ct');
    expect(mainDocumentId(AGENDA[1], readable)).toBe('bc');
    expect(mainDocumentId(AGENDA[1], new Set(['tt']))).toBe('tt');
    expect(mainDocumentId(AGENDA[2], readable)).toBeUndefined();
  });
});

describe('the speaker queue', () => {
  const queue = [req('r1', 'd02'), req('r2', 'd05'), req('r3', 'd07', 'chat-van'), req('r4', 'd05', 'tranh-luan')];

  it("gives the delegate's places in the queue, 1-based", () => {
    expect(myRequests(queue, 'd05').map((p) => [p.request.id, p.place])).toEqual([
      ['r2', 2],
      ['r4', 4],
    ]);
    expect(myRequests(queue, 'd30')).toEqual([]);
  });

  it('moves a request up or down, and not past the ends', () => {
    expect(moveRequest(queue, 'r3', -1)).toEqual(['r1', 'r3', 'r2', 'r4']);
    expect(moveRequest(queue, 'r1', -1)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(moveRequest(queue, 'r4', 1)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });
});

describe('the countdown', () => {
  const floor = { delegateId: 'd05', type: 'phat-bieu' as const, startedAt: 1_000_000, durationSec: 300 };
  it('runs, warns in the last minute, then counts the overrun', () => {
    expect(countdownView({ floor: null }, 0)).toBeNull();
    expect(countdownView({ floor }, 1_000_000 + 1_000)).toMatchObject({ text: '04:59', phase: 'running' });
    expect(countdownView({ floor }, 1_000_000 + 240_000)).toMatchObject({ text: '01:00', phase: 'warning' });
    expect(countdownView({ floor }, 1_000_000 + 300_000)).toMatchObject({ text: '00:00', phase: 'warning', used: 1 });
    expect(countdownView({ floor }, 1_000_000 + 365_000)).toMatchObject({ text: '-01:05', phase: 'overrun', used: 1 });
  });
});

describe('follow the chair', () => {
  const fresh = (): FollowState => ({ follow: undefined, lastItemId: undefined, offer: undefined, seen: new Set(), seenInitialised: false });
  const readable = new Set(['ct', 'bc']);

  it('does not move a reader by default: each change of item is offered, and the reader stays where they are', () => {
    const s = fresh();
    expect(isFollowing(s)).toBe(false);
    expect(followStep(s, 'delegate', '1', AGENDA, readable)).toBeUndefined();
    expect(followStep(s, 'delegate', '1', AGENDA, readable)).toBeUndefined();
    expect(followStep(s, 'delegate', '2', AGENDA, readable)).toEqual({ kind: 'offer', offer: { itemId: '2', target: { kind: 'doc', documentId: 'bc' } } });
    expect(s.offer?.itemId).toBe('2');
    // A newer move replaces the offer; an item without a readable document offers the agenda.
    expect(followStep(s, 'delegate', '3', AGENDA, readable)).toEqual({ kind: 'offer', offer: { itemId: '3', target: { kind: 'agenda' } } });
    expect(s.offer?.itemId).toBe('3');
    // No current item withdraws the offer.
    expect(followStep(s, 'delegate', null, AGENDA, readable)).toBeUndefined();
    expect(s.offer).toBeUndefined();
  });

  it('takes along a reader who turned "Theo chủ tọa" on', () => {
    const s = fresh();
    followStep(s, 'delegate', '1', AGENDA, readable);
    s.follow = true;
    expect(followStep(s, 'delegate', '2', AGENDA, readable)).toEqual({ kind: 'go', target: { kind: 'doc', documentId: 'bc' } });
    expect(s.offer).toBeUndefined();
  });

  it("neither moves nor prompts the chair's own device unless the chair opts in", () => {
    const s = fresh();
    followStep(s, 'chair', '1', AGENDA, readable);
    expect(followStep(s, 'chair', '2', AGENDA, readable)).toBeUndefined();
    expect(s.offer).toBeUndefined();
    s.follow = true;
    expect(followStep(s, 'chair', '1', AGENDA, readable)).toEqual({ kind: 'go', target: { kind: 'doc', documentId: 'ct' } });
  });

  it('after a reload the last known item is the baseline: a move made while away is offered once live', () => {
    const s = fresh();
    seedLastItem(s, '1');
    seedLastItem(s, '2');
    expect(s.lastItemId).toBe('1');
    expect(followStep(s, 'delegate', '2', AGENDA, readable)?.kind).toBe('offer');
  });

  it('no offer is shown while the reader already has its document open', () => {
    const offer = { itemId: '2', target: { kind: 'doc', documentId: 'bc' } } as const;
    expect(offerApplies(offer, 'bc')).toBe(false);
    expect(offerApplies(offer, 'ct')).toBe(true);
    expect(offerApplies(offer, undefined)).toBe(true);
    expect(offerApplies(undefined, 'ct')).toBe(false);
  });
});

it('command ids are unique and valid for the server schema', () => {
  const ids = new Set(Array.from({ length: 500 }, () => newCommandId()));
  expect(ids.size).toBe(500);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_.:-]{1,64}$/);
});

describe('who is connected', () => {
  const person = (id: string, role: Role): Delegate => ({ id, name: id, position: '', unit: '', group: '', role });
  const delegates = [person('d01', 'chair'), person('d05', 'delegate'), person('d07', 'delegate'), person('hall', 'observer')];

  it('counts this device while it is online, even before awareness reports it', () => {
    expect(connectedDelegateCount(delegates, connectedIds([], 'd05', true))).toBe(1);
    expect(connectedDelegateCount(delegates, connectedIds([], 'd05', false))).toBe(0);
    expect(connectedDelegateCount(delegates, connectedIds(['d05', 'd01'], 'd05', true))).toBe(2);
  });

  it('counts sitting delegates only, each once', () => {
    expect(connectedDelegateCount(delegates, connectedIds(['hall', 'd07', 'd07', 'x'], 'hall', true))).toBe(1);
  });
});
