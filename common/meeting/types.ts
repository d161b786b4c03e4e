// Domain types of a meeting as the secretariat prepares it (meeting.json + delegates.csv), DOMAIN.md.
export const DOCUMENT_KINDS = [
  'chuong-trinh',
  'to-trinh',
  'du-thao-nghi-quyet',
  'bao-cao',
  'bao-cao-tham-tra',
  'kien-nghi-cu-tri',
  'phu-luc',
  'khac',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const ROLES = ['delegate', 'chair', 'secretary', 'observer'] as const;
export type Role = (typeof ROLES)[number];
/** Chair and delegates are the voting members that totalDelegates counts. */
export const isVotingRole = (r: Role): boolean => r === 'delegate' || r === 'chair';

export interface Delegate {
  readonly id: string;
  readonly name: string;
  readonly position: string;
  readonly unit: string;
  readonly group: string;
  readonly role: Role;
}

/** A document as written in meeting.json. */
export interface DocumentSpec {
  readonly file: string;
  readonly title: string;
  readonly kind: DocumentKind;
  readonly confidential?: boolean;
  readonly readers?: readonly string[];
}

export interface AgendaItemSpec {
  readonly title: string;
  readonly presenter?: string;
  readonly minutes?: number;
  readonly documents?: readonly DocumentSpec[];
  readonly items?: readonly AgendaItemSpec[];
}

/**
 * meeting.json `voting`: the meeting's voting settings (common/voting/choices.ts VotingSettingsSchema). Absent:
 * the labels Tán thành / Không tán thành / Không biểu quyết, and a cast vote cannot be changed.
 */
export interface VotingSpec {
  readonly labels?: 'tan-thanh' | 'dong-y';
  /** Open polls only: a delegate may change the vote until the poll closes. */
  readonly changeUntilClose?: boolean;
}

/**
 * A poll the secretariat prepares in meeting.json `polls` (common/voting/prepared.ts PreparedPollSchema checks it
 * in full; this type only names what the publisher looks at). The chair creates it from the console.
 */
export interface PreparedPollSpec {
  readonly id: string;
  /** A poll definition (common/voting/choices.ts); itemId is the agenda item's dotted number ("2.4"). */
  readonly definition: { readonly kind: string; readonly itemId: string; readonly question: string; readonly secret?: boolean };
  readonly mode?: 'electronic' | 'paper';
  /** Ban kiểm phiếu: delegate ids from delegates.csv. */
  readonly counters?: readonly string[];
}

/** meeting.json */
export interface MeetingSpec {
  readonly title: string;
  readonly body: string;
  readonly startsAt: string;
  readonly place: string;
  readonly totalDelegates: number;
  /** Quorum as a fraction of the sitting delegates; default 2/3 (DOMAIN.md). */
  readonly quorum?: { readonly numerator: number; readonly denominator: number };
  /** The device lease in hours (common/device/lease.ts); absent: 30 days, and 3 days for tài liệu mật. */
  readonly lease?: { readonly hours: number; readonly confidentialHours?: number };
  readonly agenda: readonly AgendaItemSpec[];
  /** Voting settings; absent in folders made before voting existed. */
  readonly voting?: VotingSpec;
  /** Prepared polls; absent: the chair creates every poll in the session. */
  readonly polls?: readonly PreparedPollSpec[];
}
