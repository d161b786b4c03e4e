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
}
