// The command registry without a server: features declare commands once, parsing goes by `type`, the
// session feature's permissions match what clients are told (CHAIR_COMMANDS), policies shape the audit entry.
import { VotingCommandSchema } from '../../../common/voting/commands.ts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CommandRegistry, chairOnly, defineCommand, votingMembers, type Feature } from '../../../collab-server/live/commands/registry.ts';
import { BUILTIN_FEATURES } from '../../../collab-server/live/features/index.ts';
import { SESSION_FEATURE, chairOrSecretary } from '../../../collab-server/live/features/session.ts';
import { CHAIR_COMMANDS, DELEGATE_COMMANDS, MEMBER_COMMANDS, SECRETARY_COMMANDS, LiveCommandSchema } from '../../../common/live/commands.ts';
import type { Member } from '../../../collab-server/core/types.ts';

const as = (role: Member['role']): Member => ({ meetingId: 'm1', delegateId: 'x', role });
const Ping = z.strictObject({ id: z.string(), type: z.literal('ping'), secret: z.string() });
const feature = (name: string, audit: 'full' | 'none' | ((c: z.infer<typeof Ping>) => Record<string, unknown>)): Feature => ({
  name,
  commands: [defineCommand('ping', { schema: Ping, allow: ['secretary'], apply: () => ({ ok: true }), policy: { audit, auditActor: false, idempotency: 'opaque' } })],
});

describe('the command registry', () => {
  it('declares every session command once, with the permissions clients are told', () => {
    const registry = new CommandRegistry(BUILTIN_FEATURES);
    const sessionTypes = LiveCommandSchema.options.map((o) => o.shape.type.value);
    expect(registry.types().sort()).toEqual([...sessionTypes, ...VotingCommandSchema.options.map((o) => o.shape.type.value)].sort());
    for (const type of sessionTypes) {
      const parsed = registry.parse({ id: 'c1', type, ...sample(type) });
      if (!parsed.ok) throw new Error(`${type}: ${JSON.stringify(parsed.error)}`);
      expect(parsed.value.feature).toBe(SESSION_FEATURE.name);
      expect(parsed.value.refusal(as('chair'))).toBeUndefined();
      if (CHAIR_COMMANDS.has(type)) expect(parsed.value.refusal(as('delegate'))?.code).toBe('NOT_CHAIR');
      if (CHAIR_COMMANDS.has(type)) expect(parsed.value.refusal(as('secretary'))?.code).toBe(SECRETARY_COMMANDS.has(type) ? undefined : 'NOT_CHAIR');
      if (DELEGATE_COMMANDS.has(type)) expect([parsed.value.refusal(as('delegate')), parsed.value.refusal(as('observer'))?.code]).toEqual([undefined, 'FORBIDDEN']);
      if (MEMBER_COMMANDS.has(type)) expect([parsed.value.refusal(as('observer')), parsed.value.refusal(as('secretary'))]).toEqual([undefined, undefined]);
      expect(parsed.value.audited()).toEqual(parsed.value.value);
      expect(parsed.value.idempotency).toBe('hash');
    }
  });

  it('refuses a type declared twice and a feature registered twice', () => {
    const registry = new CommandRegistry([feature('a', 'full')]);
    expect(() => registry.register(feature('b', 'full'))).toThrow(/already declared by a/);
    expect(() => registry.register({ name: 'a', commands: [] })).toThrow(/registered twice/);
  });

  it('parses by type and says what is wrong', () => {
    const registry = new CommandRegistry([feature('a', 'full')]);
    expect(registry.parse([1])).toMatchObject({ ok: false, error: { code: 'COMMAND_INVALID' } });
    expect(registry.parse({ id: 'c', type: 'pong' })).toMatchObject({ ok: false, error: { details: ['type: unknown command type "pong"'] } });
    expect(registry.parse({ id: 'c', type: 'ping' })).toMatchObject({ ok: false, error: { code: 'COMMAND_INVALID', details: [expect.stringMatching(/^secret:/)] } });
    const ok = registry.parse({ id: 'c', type: 'ping', secret: 's' });
    expect(ok.ok && ok.value.refusal(as('chair'))?.code).toBe('FORBIDDEN');
    expect(ok.ok && ok.value.refusal(as('secretary'))).toBeUndefined();
  });

  it('audits per policy: in full, redacted (always with the type), or not at all', () => {
    const audited = (policy: Parameters<typeof feature>[1]): unknown => {
      const parsed = new CommandRegistry([feature('a', policy)]).parse({ id: 'c', type: 'ping', secret: 's' });
      return parsed.ok ? parsed.value.audited() : 'invalid';
    };
    expect(audited('full')).toEqual({ id: 'c', type: 'ping', secret: 's' });
    expect(audited(() => ({ poll: 'p', type: 'forged' }))).toEqual({ poll: 'p', type: 'ping' });
    expect(audited('none')).toBeUndefined();
  });

  it('offers the common permissions as predicates', () => {
    expect(chairOnly(as('secretary'))?.code).toBe('NOT_CHAIR');
    expect(votingMembers(as('delegate'))).toBeUndefined();
    expect(votingMembers(as('secretary'))?.code).toBe('FORBIDDEN');
    expect([chairOrSecretary(as('chair')), chairOrSecretary(as('secretary'))]).toEqual([undefined, undefined]);
    expect([chairOrSecretary(as('delegate'))?.code, chairOrSecretary(as('observer'))?.code]).toEqual(['NOT_CHAIR', 'NOT_CHAIR']);
  });
});

/** The smallest valid body of each session command. */
function sample(type: string): Record<string, unknown> {
  const bodies: Record<string, Record<string, unknown>> = {
    setCurrentItem: { itemId: null },
    giveFloor: { delegateId: 'd1' },
    setSpeakingTime: { seconds: 60 },
    adjustTime: { deltaSec: 30 },
    reorderQueue: { requestIds: [] },
    removeRequest: { requestId: 'r1' },
    announce: { text: 'x' },
    recordAttendance: { delegateId: 'd1', status: 'absent' },
    checkIn: { mode: 'present-hall' },
    requestToSpeak: { speechType: 'phat-bieu' },
    withdrawRequest: { requestId: 'r1' },
    withdrawAnnouncement: { announcementId: 'a1' },
    acknowledgeAnnouncement: { announcementId: 'a1' },
  };
  return bodies[type] ?? {};
}
