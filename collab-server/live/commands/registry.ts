// The command registry: each feature declares its commands here — schema, who may send it, how it applies,
// and its policy (what the audit log keeps, whether the sender is logged, how a retry is recognised). The
// route (commandRoutes.ts) knows no command by name; docs/commands.md explains how to add one.
import type { ServerDb } from '../../store/db.ts';
import type * as Y from 'yjs';
import type { z } from 'zod';
import type { AuditedCommand } from '../../../common/live/audit.ts';
import { isVotingRole, type Role } from '../../../common/meeting/types.ts';
import type { ErrorValue, Result } from '../../../common/result.ts';
import type { Member } from '../../core/types.ts';
import type { MemberChange } from '../../store/memberEvents.ts';
import type { LiveLimits } from '../limits.ts';

/** What every command has on the wire: its client-chosen id (idempotency) and its type (the registry key). */
export interface CommandBase {
  readonly id: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

/**
 * What apply returns. `value` is merged into the answer's value (beside seq, e.g. a receipt); `audit` is merged
 * into the command's audit entry (e.g. what openPoll froze), whatever the audit policy keeps of the command
 * itself (not for audit 'none'). A refusal writes nothing and is not audited — unless `recorded` is given: the
 * command took effect (its writes stand) but answers with the error, and its audit entry carries `recorded`
 * (finishPaperEntry whose entries disagree with another counter's).
 */
export type ApplyOutcome =
  | { readonly ok: true; readonly value?: Readonly<Record<string, unknown>>; readonly audit?: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly error: ErrorValue; readonly recorded?: Readonly<Record<string, unknown>> };
export const APPLIED: ApplyOutcome = { ok: true };

/** What a command's `apply` may use. It runs inside one SQL transaction and one Y transaction (SERVER_ORIGIN). */
export interface CommandContext {
  /** The server database, for the feature's own tables (same transaction as the audit and idempotency rows). */
  readonly db: ServerDb;
  /** The meeting state room's document; whatever apply writes is broadcast and appended as one update. */
  readonly doc: Y.Doc;
  readonly member: Member;
  /** Server time, milliseconds since the epoch. */
  readonly now: number;
  readonly newId: () => string;
  readonly limits: LiveLimits;
  /**
   * Runs `fn` once the command's SQL transaction has committed (never when it rolled back), before the answer
   * is sent: e.g. to mark a poll's progress dirty, or schedule a countdown. A throw there is logged, not answered.
   */
  readonly afterCommit: (fn: () => void) => void;
}

/** Who may send a command: a list of roles (refused with FORBIDDEN), or a predicate returning the refusal. */
export type Allow = readonly Role[] | ((member: Member) => ErrorValue | undefined);

/**
 * What the audit log keeps of a command: all of it, nothing, or (a function: "redacted") what the function
 * returns — the entry always records the command's type. A secret ballot logs e.g. `{ pollId }` so the log
 * says who voted, never what.
 */
export type AuditPolicy<C> = 'full' | 'none' | ((command: C) => Readonly<Record<string, unknown>>);

export interface CommandPolicy<C> {
  readonly audit: AuditPolicy<C>;
  /** Whether the audit entry names the sender (delegate id and role). */
  readonly auditActor: boolean;
  /**
   * How a retry is recognised. 'hash': the row keeps the sender, the command id and a SHA-256 of the command
   * (a reused id with another body is a CONFLICT). 'opaque': the row is keyed by HMAC(server secret, meeting,
   * sender, command id) and keeps only an HMAC of the content under that key — no sender column, no time, no
   * rowid — so the table cannot tell who sent what. The stored answer must not contain the content either:
   * an opaque command's apply must not write its secret into the state document.
   */
  readonly idempotency: 'hash' | 'opaque';
  /**
   * What the answer carries besides seq (and the outcome's value): 'state' (default) the meeting state, 'seq'
   * nothing more — for commands sent by every member at once (a ballot), whose answers and stored copies would
   * otherwise grow with the meeting. An opaque command's answer is always 'seq'.
   */
  readonly answer?: 'state' | 'seq';
}

export interface CommandDefinition<C extends CommandBase> {
  /** Strict zod schema (shared with clients, in common/); its output's `type` must be the registered type. */
  readonly schema: z.ZodType<C, unknown>;
  readonly allow: Allow;
  readonly apply: (ctx: CommandContext, command: C) => ApplyOutcome;
  readonly policy: CommandPolicy<C>;
}

/** A command after parsing, with its definition bound: the route handles it without knowing its type. */
export interface ParsedCommand {
  readonly id: string;
  readonly type: string;
  readonly feature: string;
  /** The parsed command (defaults filled in), for the idempotency hash. */
  readonly value: CommandBase;
  readonly auditActor: boolean;
  readonly idempotency: 'hash' | 'opaque';
  /** Whether the answer carries the meeting state (CommandPolicy.answer); absent: yes, unless opaque. */
  readonly answerState?: boolean;
  refusal(member: Member): ErrorValue | undefined;
  apply(ctx: CommandContext): ApplyOutcome;
  /** What the audit log records (with the outcome's extra fields), or undefined for audit 'none'. */
  audited(extra?: Readonly<Record<string, unknown>>): AuditedCommand | undefined;
}

export interface RegisteredCommand {
  readonly type: string;
  parse(raw: unknown, feature: string): Result<ParsedCommand>;
}

/** What a feature's reaction to a member change may use: no sender, the change is the secretariat's. */
export type MemberChangeContext = Omit<CommandContext, 'member' | 'afterCommit'>;

export interface Feature {
  readonly name: string;
  readonly commands: readonly RegisteredCommand[];
  /** Runs inside every command's transactions (of any feature) before it applies, e.g. to give the doc its shape. */
  readonly beforeCommand?: (ctx: CommandContext) => void;
  /**
   * Runs inside the transaction that revokes or re-invites a member (and its Y transaction), e.g. to drop the
   * member's presence. Throwing rolls the change back.
   */
  readonly onMemberChange?: (ctx: MemberChangeContext, change: MemberChange) => void;
}

const invalid = (message: string, details?: readonly string[]): Result<never> => ({
  ok: false,
  error: details && details.length > 0 ? { code: 'COMMAND_INVALID', message, details } : { code: 'COMMAND_INVALID', message },
});

function refusalOf(allow: Allow, member: Member): ErrorValue | undefined {
  if (typeof allow === 'function') return allow(member);
  return allow.includes(member.role) ? undefined : { code: 'FORBIDDEN', message: `a ${member.role} may not send this command` };
}

function auditedOf<C extends CommandBase>(policy: AuditPolicy<C>, command: C, extra?: Readonly<Record<string, unknown>>): AuditedCommand | undefined {
  if (policy === 'none') return undefined;
  const kept = policy === 'full' ? command : policy(command);
  return extra ? { ...kept, ...extra, type: command.type } : policy === 'full' ? command : { ...kept, type: command.type };
}

/** Declares one command of a feature. */
export function defineCommand<C extends CommandBase>(type: C['type'], def: CommandDefinition<C>): RegisteredCommand {
  return {
    type,
    parse(raw, feature) {
      const parsed = def.schema.safeParse(raw);
      if (!parsed.success) {
        return invalid('the command does not match its schema', parsed.error.issues.map((i) => `${i.path.join('.') || '(command)'}: ${i.message}`));
      }
      const command = parsed.data;
      if (command.type !== type) return invalid(`the schema of ${type} parsed a ${command.type}`);
      return {
        ok: true,
        value: {
          id: command.id,
          type,
          feature,
          value: command,
          auditActor: def.policy.auditActor,
          idempotency: def.policy.idempotency,
          answerState: def.policy.idempotency !== 'opaque' && def.policy.answer !== 'seq',
          refusal: (member) => refusalOf(def.allow, member),
          apply: (ctx) => def.apply(ctx, command),
          audited: (extra) => auditedOf(def.policy.audit, command, extra),
        },
      };
    },
  };
}

// ---- common permissions

export const chairOnly = (member: Member): ErrorValue | undefined =>
  member.role === 'chair' ? undefined : { code: 'NOT_CHAIR', message: 'only the chair may do this' };

/** Sitting delegates and the chair (not the secretariat or the hall screen). */
export const votingMembers = (member: Member): ErrorValue | undefined =>
  isVotingRole(member.role) ? undefined : { code: 'FORBIDDEN', message: 'only sitting delegates may do this' };

export class CommandRegistry {
  private readonly byType = new Map<string, { readonly feature: string; readonly command: RegisteredCommand }>();
  private readonly featureList: Feature[] = [];

  constructor(features: readonly Feature[] = []) {
    for (const f of features) this.register(f);
  }

  /** Adds a feature; a type declared twice (in any feature) is a programming error. */
  register(feature: Feature): void {
    if (this.featureList.some((f) => f.name === feature.name)) throw new Error(`feature ${feature.name} is registered twice`);
    for (const c of feature.commands) {
      const owner = this.byType.get(c.type);
      if (owner) throw new Error(`command ${c.type} of ${feature.name} is already declared by ${owner.feature}`);
    }
    for (const c of feature.commands) this.byType.set(c.type, { feature: feature.name, command: c });
    this.featureList.push(feature);
  }

  get features(): readonly Feature[] {
    return this.featureList;
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  /** Parses a JSON value by its `type` through the command declared for that type. */
  parse(raw: unknown): Result<ParsedCommand> {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return invalid('a command is a JSON object');
    const type: unknown = (raw as Record<string, unknown>)['type'];
    if (typeof type !== 'string') return invalid('the command does not match its schema', ['type: a command needs a type']);
    const entry = this.byType.get(type);
    if (!entry) return invalid('the command does not match its schema', [`type: unknown command type ${JSON.stringify(type.slice(0, 64))}`]);
    return entry.command.parse(raw, entry.feature);
  }
}
