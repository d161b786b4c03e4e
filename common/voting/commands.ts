// Commands of the voting features, posted like every live command (POST ROUTES.liveCommand with a Bearer token;
// common/live/commands.ts explains ids and retries). The server declares them in
// collab-server/live/features/voting.ts (open, lifecycle, paper) and votingSecret.ts (sealed ballots, counters).
// The poll's state is in common/voting/state.ts; what each command does, and its refusals, in docs/voting.md.
import { z } from 'zod';
import { ID_PATTERN } from '../pack/format.ts';
import { MAX_COMMAND_ID_LENGTH, MAX_REASON_CHARS } from '../live/commands.ts';
import { CONFIDENCE_LEVELS, OPEN_CHOICES } from '../i18n/voting.ts';
import { PollDefinitionSchema, MAX_CANDIDATES, MAX_PERSONS } from './choices.ts';
import { POLL_MODES } from './state.ts';

const id = z.string().regex(ID_PATTERN);
const commandId = z.string().min(1).max(MAX_COMMAND_ID_LENGTH).regex(/^[A-Za-z0-9_.:-]+$/);
const base = { id: commandId };
const pollId = id;

/** Ban kiểm phiếu: at most this many counters on one poll. */
export const MAX_COUNTERS = 3;
/** Paper polls: the highest ballot number a counter may enter. */
export const MAX_PAPER_BALLOTS = 10_000;
/** A sealed ballot (base64url) is at most this long; every ballot of a poll is padded to the same size. */
export const MAX_SEALED_BALLOT_CHARS = 8192;
/** Raw uncompressed P-256 public key, base64url: 65 bytes → 87 characters. */
const publicKey = z.string().regex(/^[A-Za-z0-9_-]{87}$/);

/** The choice on an open ballot, an election ballot (candidate ids marked đồng ý) or a confidence ballot. */
export const BallotChoiceSchema = z.union([
  z.enum(OPEN_CHOICES),
  z.array(id).max(MAX_CANDIDATES),
  z.record(id, z.enum(CONFIDENCE_LEVELS)).refine((r) => Object.keys(r).length <= MAX_PERSONS, 'too many persons'),
]);
export type BallotChoice = z.infer<typeof BallotChoiceSchema>;

// ---- chair
/** A new poll in draft, on an agenda item; `revoteOf` links a re-vote to the poll it repeats. */
export const CreatePoll = z.strictObject({
  ...base,
  type: z.literal('createPoll'),
  /** Client-chosen, so a retried create and the screens agree on the id. */
  pollId,
  definition: PollDefinitionSchema,
  mode: z.enum(POLL_MODES).default('electronic'),
  counters: z.array(id).max(MAX_COUNTERS).default([]),
  revoteOf: pollId.optional(),
});
/** Freezes N, the rule and the eligible list; refused without quorum, without every counter's key, or while another poll is open. */
export const OpenPollCommand = z.strictObject({ ...base, type: z.literal('openPoll'), pollId });
export const ClosePoll = z.strictObject({ ...base, type: z.literal('closePoll'), pollId });
/** Announces a counted result (hall screen, minutes); `showNames`: the hall screen lists names per choice. */
export const AnnouncePoll = z.strictObject({ ...base, type: z.literal('announcePoll'), pollId, showNames: z.boolean().default(false) });
export const CancelPoll = z.strictObject({ ...base, type: z.literal('cancelPoll'), pollId, reason: z.string().trim().min(1).max(MAX_REASON_CHARS) });
/** Sets the meeting's voting settings (labels, change-until-close); refused while a poll is open. */
export const ConfigureVoting = z.strictObject({
  ...base,
  type: z.literal('configureVoting'),
  labels: z.enum(['tan-thanh', 'dong-y']).optional(),
  changeUntilClose: z.boolean().optional(),
});

// ---- eligible delegates
/** An open (by-name) ballot. Retried with the same id: the same answer, never a second vote. */
export const CastBallot = z.strictObject({ ...base, type: z.literal('castBallot'), pollId, choice: BallotChoiceSchema });
/**
 * A secret ballot, sealed on the device (common/voting/secret.ts) to the counters' keys. The server keeps it
 * in the ballot box without the voter, and answers with a signed acknowledgement over its hash.
 */
export const CastSealedBallot = z.strictObject({
  ...base,
  type: z.literal('castSealedBallot'),
  pollId,
  sealed: z.string().min(1).max(MAX_SEALED_BALLOT_CHARS).regex(/^[A-Za-z0-9_-]+$/),
});

// ---- Ban kiểm phiếu (counters of the poll)
/** A counter's public key for a secret poll, generated and kept on their device. */
export const RegisterCounterKey = z.strictObject({ ...base, type: z.literal('registerCounterKey'), pollId, publicKey });
/** A paper ballot as one counter read it; `choice: null` is a phiếu không hợp lệ. Re-entering a number replaces it. */
export const EnterPaperBallot = z.strictObject({
  ...base,
  type: z.literal('enterPaperBallot'),
  pollId,
  ballotNo: z.number().int().min(1).max(MAX_PAPER_BALLOTS),
  choice: BallotChoiceSchema.nullable(),
});
/** The counter has entered every ballot; with `issued` (phiếu phát ra). Two finished entries that agree give the result. */
export const FinishPaperEntry = z.strictObject({
  ...base,
  type: z.literal('finishPaperEntry'),
  pollId,
  issued: z.number().int().min(0).max(MAX_PAPER_BALLOTS),
});

export const VotingCommandSchema = z.discriminatedUnion('type', [
  CreatePoll,
  OpenPollCommand,
  ClosePoll,
  AnnouncePoll,
  CancelPoll,
  ConfigureVoting,
  CastBallot,
  CastSealedBallot,
  RegisterCounterKey,
  EnterPaperBallot,
  FinishPaperEntry,
]);
export type VotingCommand = z.infer<typeof VotingCommandSchema>;
export type VotingCommandInput = z.input<typeof VotingCommandSchema>;
export type VotingCommandType = VotingCommand['type'];

/**
 * What the answer to castSealedBallot carries besides seq: the ballot's hash and the server's signature
 * (audit key, Ed25519, base64url) over canonical JSON {meetingId, pollId, ballotHash}. The device keeps both,
 * and checks the hash is in the box published at close.
 */
export interface SealedBallotReceipt {
  readonly ballotHash: string;
  readonly signature: string;
}
