// The secret-ballot feature (issue 7; VOTING.md "Secret ballots that a voter can check"): a counter of a poll
// registers the public key their device made, and an eligible delegate casts a ballot sealed to those keys.
// The box, the counters' stages and the published lists are routes (voting/secretRoutes.ts), not commands:
// a stage of 2,000 ballots is far larger than a command body.
//
// castSealedBallot keeps the two registers apart in one transaction: the who-voted row (pollStore.recordVoter)
// and the box row keyed by the ballot's hash (no voter, no time, no rowid). Its audit entry is `{ pollId }` with
// the sender (the log says who voted, never what), its retry row is opaque (no sender), and it writes nothing
// into the state room: the progress flusher writes the committed count later.
import crypto from 'node:crypto';
import type { z } from 'zod';
import { ROLES } from '../../../common/meeting/types.ts';
import { fromB64url } from '../../../common/pack/encoding.ts';
import { CastSealedBallot, RegisterCounterKey } from '../../../common/voting/commands.ts';
import { LAYER_VERSION, P256_PUBLIC_BYTES, sealedSizeOf } from '../../../common/voting/secret.ts';
import { isSecret } from '../../../common/voting/state.ts';
import { defineCommand, votingMembers, type ApplyOutcome, type CommandContext, type Feature } from '../commands/registry.ts';
import { castProblem } from '../voting/ballots.ts';
import { refuse } from '../voting/env.ts';
import { votingHooksOf } from '../voting/hooks.ts';
import { getPoll, hasVoted, recordVoter, savePoll } from '../voting/pollStore.ts';
import { boxHasBallot, insertBallot, sha256Hex, signReceipt } from '../voting/secretBox.ts';

/** A raw uncompressed P-256 point that is really on the curve (node checks it when importing the JWK). */
function isP256Point(raw: Uint8Array | null): boolean {
  if (!raw || raw.length !== P256_PUBLIC_BYTES || raw[0] !== 0x04) return false;
  const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
  try {
    crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64(raw.subarray(1, 33)), y: b64(raw.subarray(33)) }, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}

export function registerCounterKey(ctx: CommandContext, c: z.infer<typeof RegisterCounterKey>): ApplyOutcome {
  const { db, doc, member } = ctx;
  const poll = getPoll(db, member.meetingId, c.pollId);
  if (!poll) return refuse('POLL_NOT_FOUND', `no poll ${c.pollId}`);
  if (poll.mode !== 'electronic' || !isSecret(poll)) return refuse('POLL_STATE', 'only a secret electronic poll takes counter keys');
  if (!poll.counters.includes(member.delegateId)) return refuse('NOT_COUNTER', 'only a counter named on the poll registers a key');
  // A key changes only before the poll opens: a ballot sealed to the old key could not be opened.
  if (poll.status !== 'draft') return refuse('POLL_STATE', `poll ${c.pollId} is ${poll.status}; keys are registered while it is a draft`);
  if (!isP256Point(fromB64url(c.publicKey))) return refuse('COMMAND_INVALID', 'the public key is not a P-256 point');
  if (poll.counterKeys[member.delegateId] === c.publicKey) return { ok: true };
  // Two layers under one key would let one counter open both.
  if (Object.entries(poll.counterKeys).some(([who, key]) => who !== member.delegateId && key === c.publicKey)) {
    return refuse('COMMAND_INVALID', 'another counter of this poll registered this key');
  }
  savePoll(db, doc, member.meetingId, { ...poll, counterKeys: { ...poll.counterKeys, [member.delegateId]: c.publicKey } });
  return { ok: true };
}

export function castSealedBallot(ctx: CommandContext, c: z.infer<typeof CastSealedBallot>): ApplyOutcome {
  const { db, member, now } = ctx;
  const meetingId = member.meetingId;
  const poll = getPoll(db, meetingId, c.pollId);
  const problem = castProblem(poll, c.pollId, member.delegateId, now);
  if (problem || !poll) return problem ?? refuse('POLL_NOT_FOUND', `no poll ${c.pollId}`);
  if (!isSecret(poll)) return refuse('BALLOT_INVALID', 'an open poll takes a ballot by name (castBallot)');
  const bytes = fromB64url(c.sealed);
  const size = sealedSizeOf(poll.definition, poll.counters.length);
  // Every ballot of a poll has the same size: another size is not one of ours, and would say something.
  if (!bytes || bytes.length !== size || bytes[0] !== LAYER_VERSION) return refuse('BALLOT_INVALID', `a sealed ballot of this poll is ${size} bytes`);
  if (hasVoted(db, meetingId, poll.id, member.delegateId)) return refuse('ALREADY_VOTED', 'your ballot is in; it cannot be changed');
  const ballotHash = sha256Hex(bytes);
  if (boxHasBallot(db, meetingId, poll.id, ballotHash)) return refuse('BALLOT_INVALID', 'this sealed ballot is already in the box');
  if (recordVoter(db, meetingId, poll.id, member.delegateId) === 'already') return refuse('ALREADY_VOTED', 'your ballot is in; it cannot be changed');
  insertBallot(db, meetingId, poll.id, ballotHash, bytes);
  ctx.afterCommit(() => votingHooksOf(db)?.ballotCommitted(meetingId, poll.id));
  const signature = signReceipt(db, { meetingId, pollId: poll.id, ballotHash });
  return { ok: true, value: { receipt: { ballotHash, signature } } };
}

export const VOTING_SECRET_FEATURE: Feature = {
  name: 'voting-secret',
  commands: [
    defineCommand('registerCounterKey', {
      schema: RegisterCounterKey,
      // Any member named on the poll (NOT_COUNTER otherwise): the chair may sit on the Ban kiểm phiếu too.
      allow: ROLES,
      apply: registerCounterKey,
      policy: { audit: 'full', auditActor: true, idempotency: 'hash' },
    }),
    defineCommand('castSealedBallot', {
      schema: CastSealedBallot,
      allow: votingMembers,
      apply: castSealedBallot,
      policy: { audit: (c) => ({ pollId: c.pollId }), auditActor: true, idempotency: 'opaque' },
    }),
  ],
};
