// The voting part of the meeting state room (m/<id>/state): only the server writes it (commands of the voting
// features, the countdown and the coalesced progress flush), clients read it with readVotingState. Ballots are
// NOT here: they are in the server's own tables (collab-server/store/migrations.ts step 170); the doc carries
// the polls, a coalesced progress counter and, once announced, the results.
//
//   doc.getMap('voting')
//     polls      Y.Map<Poll>            pollId -> the poll (plain JSON, replaced whole on every change)
//     progress   Y.Map<PollProgress>    pollId -> "x / N đã biểu quyết", written at most every PROGRESS_FLUSH_MS
//     results    Y.Map<PollResult>      pollId -> the counted result (closed/tallied), then announced
//     settings   VotingSettings         the meeting's labels and change-until-close (meeting.json `voting`)
import * as Y from 'yjs';
import type { ConfidenceResult, ElectionResult, OpenResult } from './tally.ts';
import type { PollDefinition, VotingSettings } from './choices.ts';
import type { ConfidenceLevel, OpenChoice } from '../i18n/voting.ts';

export const VOTING_MAP = 'voting';
export const VOTING_KEYS = { polls: 'polls', progress: 'progress', results: 'results', settings: 'settings' } as const;

/** How often, at most, the server writes a poll's progress into the doc (one update for many ballots). */
export const PROGRESS_FLUSH_MS = 250;

/**
 * draft → open → closed → (secret: tallying) → counted → announced, and cancelled from draft/open/closed.
 * "counted": the result exists (open poll at close; secret poll once the last counter's stage is in; paper poll
 * once two entries agree) and the chair may announce it. Nothing is ever reset or deleted.
 */
export const POLL_STATUSES = ['draft', 'open', 'closed', 'tallying', 'counted', 'announced', 'cancelled'] as const;
export type PollStatus = (typeof POLL_STATUSES)[number];

/**
 * electronic: delegates cast on their devices. paper: the Ban kiểm phiếu enters paper ballots, each counter on
 * their own device; a result exists only when two counters' entries agree ballot by ballot.
 */
export const POLL_MODES = ['electronic', 'paper'] as const;
export type PollMode = (typeof POLL_MODES)[number];

/** Frozen when the poll opens (and written to the audit log with the openPoll entry). */
export interface PollFrozen {
  readonly openedAt: number;
  /** N: the poll's own base, else the deputies in office (config.totalDelegates). */
  readonly base: number;
  /** Who may vote: the voting members present at open (attendance present-hall / present-online). */
  readonly eligible: readonly string[];
  /** Present at open and the quorum that was checked: 3·present ≥ 2·N by default. */
  readonly present: number;
  readonly quorum: { readonly numerator: number; readonly denominator: number };
  /** The labels an open poll shows (its own or the meeting's). */
  readonly labels: VotingSettings['labels'];
  readonly changeUntilClose: boolean;
  /** Server time at which it closes by itself (countdownSec after openedAt). */
  readonly closesAt?: number;
}

export interface Poll {
  readonly id: string;
  readonly definition: PollDefinition;
  readonly mode: PollMode;
  readonly status: PollStatus;
  readonly createdAt: number;
  /** The poll this one re-votes (a new poll, linked; the old one stays as it was). */
  readonly revoteOf?: string;
  /** Ban kiểm phiếu: delegate ids; required for secret electronic polls (1–3) and paper polls (2–3). */
  readonly counters: readonly string[];
  /** Secret electronic polls: each counter's ECDH P-256 public key (raw, base64url), registered from their device. */
  readonly counterKeys: Readonly<Record<string, string>>;
  readonly frozen?: PollFrozen;
  readonly closedAt?: number;
  readonly closedBy?: 'chair' | 'countdown';
  readonly countedAt?: number;
  readonly announcedAt?: number;
  /** The hall screen shows the names per choice (open polls) only if the chair chose so when announcing. */
  readonly showNames?: boolean;
  readonly cancelledAt?: number;
  readonly cancelReason?: string;
}

/** Coalesced progress; clients keep the message with the highest version (never a lower count after a higher). */
export interface PollProgress {
  readonly version: number;
  /** Ballots the store has committed (who-voted register); never more, never an uncommitted count. */
  readonly cast: number;
  /** Open polls only: who has voted, sorted. Secret polls: absent (only the count). */
  readonly voted?: readonly string[];
  /** Paper polls: ballots entered so far by each counter. */
  readonly entered?: Readonly<Record<string, number>>;
  /** Paper polls: ballot numbers on which two finished counters' entries differ (to re-check), ascending. */
  readonly disagreements?: readonly number[];
}

/** For a secret poll: the ballot box as the server published it at close (the list itself: GET pollBox). */
export interface PublishedBox {
  /** Phiếu thu về: equals the who-voted count. */
  readonly count: number;
  /** SHA-256 (hex) over the sorted ballot hashes joined by "\n". */
  readonly digest: string;
  /** The server's audit-key signature (Ed25519, base64url) over canonical JSON {meetingId, pollId, count, digest}. */
  readonly signature: string;
}

/** The counted result: what tally.ts computed, plus the records the minutes need. */
export type PollTally =
  | { readonly kind: 'open'; readonly result: OpenResult }
  | { readonly kind: 'election'; readonly result: ElectionResult }
  | { readonly kind: 'confidence'; readonly results: readonly ConfidenceResult[] };

export interface PollResult {
  readonly pollId: string;
  readonly tally: PollTally;
  /** Open (not secret) polls: the delegate ids per choice, for the minutes; on the hall screen only if showNames. */
  readonly names?: Readonly<Record<OpenChoice, readonly string[]>>;
  /** Secret electronic polls: the published box and the digest of the (tracker, choice) lines (GET pollTrackers). */
  readonly box?: PublishedBox;
  readonly trackersDigest?: string;
  /** Paper polls: the counters whose entries agreed. */
  readonly agreedBy?: readonly string[];
  readonly countedAt: number;
}

/** A secret ballot's plaintext, before sealing: what the last counter publishes, sorted by tracker. */
export type SecretChoice = OpenChoice | readonly string[] | Readonly<Record<string, ConfidenceLevel>>;
export interface TrackerLine {
  readonly tracker: string;
  /** null: the ballot did not parse against the poll (phiếu không hợp lệ). */
  readonly choice: SecretChoice | null;
}

export interface VotingState {
  readonly polls: readonly Poll[];
  readonly progress: Readonly<Record<string, PollProgress>>;
  readonly results: Readonly<Record<string, PollResult>>;
  readonly settings: VotingSettings;
}

export const DEFAULT_VOTING_SETTINGS: VotingSettings = { labels: 'tan-thanh', changeUntilClose: false };

export function votingMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(VOTING_MAP);
}

function recordOf<T>(value: unknown): Record<string, T> {
  return value instanceof Y.Map ? (value.toJSON() as Record<string, T>) : {};
}

/** A plain snapshot; polls oldest first. A doc that has not synced reads as no polls. */
export function readVotingState(doc: Y.Doc): VotingState {
  const m = votingMap(doc);
  const polls = Object.values(recordOf<Poll>(m.get(VOTING_KEYS.polls))).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const settings = m.get(VOTING_KEYS.settings) as VotingSettings | undefined;
  return {
    polls,
    progress: recordOf<PollProgress>(m.get(VOTING_KEYS.progress)),
    results: recordOf<PollResult>(m.get(VOTING_KEYS.results)),
    settings: settings ?? DEFAULT_VOTING_SETTINGS,
  };
}

/** The poll that should come to the front of every delegate's screen: the open one (at most one is open). */
export function openPollOf(state: VotingState): Poll | undefined {
  return state.polls.find((p) => p.status === 'open');
}

export const isSecret = (p: Pick<Poll, 'definition'>): boolean => p.definition.secret;
