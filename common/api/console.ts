// The secretariat's console (issue 10): the HTTP contract between the console screens (renderer/screens/console,
// the same React bundle) and the console server (`council console`, main/services/console), which runs on the
// secretariat's own machine. A draft IS a meeting folder (meeting.json + delegates.csv + the PDFs +
// .council/publisher.json), saved as the clerk works, so `council publish` and the console stay interchangeable
// and encryption happens where the plaintext already is; the collab-server only ever receives ciphertext.
//
// Every answer is JSON `{ok:true,value}` or `{ok:false,error:{code,message,details?}}` (common/result.ts),
// except the file downloads (PDF, DOCX, XLSX, CSV, PNG, ZIP), which are the bytes with a Content-Disposition.
// Authentication: POST login with the collab-server's admin token, or with a clerk pass the admin issued;
// the answer sets an HttpOnly SameSite=Strict session cookie; every other route needs it (UNAUTHORIZED).
import type { Problem } from '../i18n/problems.ts';
import type { ErrorValue } from '../result.ts';
import type { Delegate, DocumentKind, MeetingSpec } from '../meeting/types.ts';
import type { Role } from '../meeting/types.ts';

/** Where the console screens live in the bundle: the app shows the console when the path starts with it. */
export const CONSOLE_PATH = '/console';

/** `council console` listens on 127.0.0.1:8090 unless told otherwise. */
export const DEFAULT_CONSOLE_PORT = 8090;
/** CSRF: every non-GET request must carry this header with the value '1' (a cross-site form cannot set it). */
export const CONSOLE_CSRF_HEADER = 'x-council-console';
/** The session cookie (HttpOnly, SameSite=Strict, Path=/console). */
export const CONSOLE_COOKIE = 'council_console';
/** The largest PDF the console accepts per upload; larger is FILE_REJECTED (FILE_TOO_LARGE). */
export const MAX_UPLOAD_BYTES = 300 * 1024 * 1024;
/** The largest spreadsheet (.csv/.xlsx) of delegates, and the largest ZIP of a draft, the console reads. */
export const MAX_SHEET_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ZIP_BYTES = 1024 * 1024 * 1024;

/**
 * Why a file was refused (FILE_REJECTED: `details[0]` is one of these; the message says it in Vietnamese and
 * English). The DOCUMENT_* ones are the publish validator's problem codes (common/i18n/problems.ts).
 */
export const FILE_PROBLEMS = ['FILE_WORD_DOCUMENT', 'DOCUMENT_NOT_PDF', 'DOCUMENT_PASSWORD', 'DOCUMENT_DAMAGED', 'FILE_TOO_LARGE', 'FILE_SHEET_UNREADABLE'] as const;
export type FileProblem = (typeof FILE_PROBLEMS)[number];

export const CONSOLE_ROUTES = {
  /** POST {token} → ConsoleSession (sets the cookie); DELETE logs out. */
  session: '/console/api/session',
  /** GET → ConsoleSession (who is logged in, the collab-server it publishes to). */
  me: '/console/api/me',
  /** POST (admin only) {name} → NewClerkPass: a clerk pass (secretary role) shown once; GET → ClerkPass[]; DELETE …/:passId revokes. */
  passes: '/console/api/passes',
  pass: '/console/api/passes/:passId',
  /** GET → DraftSummary[]; POST NewDraft → Draft. */
  drafts: '/console/api/drafts',
  /** GET → Draft; PUT SaveDraftRequest → Draft (DRAFT_CONFLICT when `version` is stale); DELETE. */
  draft: '/console/api/drafts/:draftId',
  /** POST raw bytes, ?name=<file name>&itemPath=<0.1.2> → AttachedFile (FILE_REJECTED with a problem code). */
  files: '/console/api/drafts/:draftId/files',
  /** PUT raw bytes: a new version of one document (same id; republishing sends only it); DELETE removes it. */
  file: '/console/api/drafts/:draftId/files/:documentId',
  /** GET the PDF back (the clerk checks what was attached). */
  fileContent: '/console/api/drafts/:draftId/files/:documentId/content',
  /** POST raw bytes of a .csv or .xlsx, ?name= → DelegatesImport (nothing saved until the clerk accepts it in a PUT). */
  delegatesImport: '/console/api/drafts/:draftId/delegates/import',
  /** GET → Problem[]: the same validator as `council publish`, on the saved draft. */
  problems: '/console/api/drafts/:draftId/problems',
  /** GET → DraftChanges: what a publish would change against the last published revision. */
  changes: '/console/api/drafts/:draftId/changes',
  /** POST → Job (the publish runs in the background); GET …/jobs/:jobId → Job with progress. */
  publish: '/console/api/drafts/:draftId/publish',
  job: '/console/api/jobs/:jobId',
  /** GET → InvitationRow[] (after a publish). */
  invitations: '/console/api/drafts/:draftId/invitations',
  /** GET the A4 sheet of every invitation (PDF). */
  invitationsPdf: '/console/api/drafts/:draftId/invitations.pdf',
  /** GET every QR code as PNG files in a ZIP. */
  invitationsZip: '/console/api/drafts/:draftId/invitations.zip',
  /** GET one delegate's QR code (PNG). */
  invitationQr: '/console/api/drafts/:draftId/invitations/:delegateId/qr.png',
  /** POST → InvitationRow: a new invitation for one delegate (the old link stops working). */
  reinvite: '/console/api/drafts/:draftId/invitations/:delegateId/reissue',
  /** POST → {revoked:true}: the delegate's devices stop receiving (council revoke). */
  revoke: '/console/api/drafts/:draftId/members/:delegateId/revoke',
  /** GET → FollowView: downloads, read receipts, check-in, per delegate (live: the screen polls it). */
  follow: '/console/api/drafts/:draftId/follow',
  /** GET → OpinionRow[]: every góp ý received, opened with the secretariat's key; …/opinions.docx|.pdf export them. */
  opinions: '/console/api/drafts/:draftId/opinions',
  opinionsDocx: '/console/api/drafts/:draftId/opinions.docx',
  opinionsPdf: '/console/api/drafts/:draftId/opinions.pdf',
  /** GET the results of the session's votes as they land (the live state's voting map, read by the console). */
  results: '/console/api/drafts/:draftId/results',
  /** GET the minutes (biên bản kỳ họp) and the records: DOCX, PDF, attendance XLSX/CSV, results XLSX/CSV. */
  minutesDocx: '/console/api/drafts/:draftId/minutes.docx',
  minutesPdf: '/console/api/drafts/:draftId/minutes.pdf',
  attendanceXlsx: '/console/api/drafts/:draftId/attendance.xlsx',
  attendanceCsv: '/console/api/drafts/:draftId/attendance.csv',
  resultsXlsx: '/console/api/drafts/:draftId/results.xlsx',
  resultsCsv: '/console/api/drafts/:draftId/results.csv',
  /** GET the draft as a meeting folder in a ZIP (what `council publish` reads); POST a ZIP to /drafts/import. */
  exportZip: '/console/api/drafts/:draftId/export.zip',
  importZip: '/console/api/drafts/import',
  /** POST {passphrase} → the encrypted backup of the publisher keys (a file); POST …/restore raw file + ?passphrase. */
  keysBackup: '/console/api/drafts/:draftId/keys/backup',
  keysRestore: '/console/api/drafts/:draftId/keys/restore',
} as const;

export interface ConsoleSession {
  readonly role: 'admin' | 'clerk';
  readonly name: string;
  /** The collab-server the console publishes to. */
  readonly server: string;
}

export interface DraftSummary {
  readonly draftId: string;
  readonly title: string;
  readonly startsAt: string;
  /** 0 before the first publish. */
  readonly publishedRevision: number;
  readonly meetingId?: string;
  readonly updatedAt: string;
}

/** A document as the console edits it: meeting.json's entry plus what the console knows about the file. */
export interface DraftDocument {
  /** Stable (documentIdFor of the file's path), the id the pack will carry. */
  readonly documentId: string;
  readonly file: string;
  readonly title: string;
  readonly kind: DocumentKind;
  readonly confidential: boolean;
  readonly readers: readonly string[];
  readonly bytes: number;
  readonly pages: number;
  readonly sha256: string;
}

/** An agenda item as the console edits it; `documents` name DraftDocument ids. */
export interface DraftAgendaItem {
  /** Stable within the draft (the console's own key for drag and drop; not published). */
  readonly key: string;
  readonly title: string;
  readonly presenter?: string;
  readonly minutes?: number;
  readonly documents: readonly string[];
  readonly items: readonly DraftAgendaItem[];
}

export interface Draft {
  readonly draftId: string;
  /** Bumped by every save; a PUT with an older one is DRAFT_CONFLICT. */
  readonly version: number;
  /** meeting.json without its agenda (the console edits the agenda as `agenda`). */
  readonly meeting: Omit<MeetingSpec, 'agenda'>;
  readonly agenda: readonly DraftAgendaItem[];
  readonly documents: readonly DraftDocument[];
  readonly delegates: readonly Delegate[];
  readonly publishedRevision: number;
  readonly meetingId?: string;
  /** Problems of the saved draft (the publish validator's), each with its place. */
  readonly problems: readonly Problem[];
}

export interface NewDraft {
  readonly title: string;
  readonly body: string;
  readonly startsAt: string;
  readonly place: string;
  readonly totalDelegates: number;
}

export interface SaveDraftRequest {
  readonly version: number;
  readonly meeting: Omit<MeetingSpec, 'agenda'>;
  readonly agenda: readonly DraftAgendaItem[];
  readonly documents: readonly Pick<DraftDocument, 'documentId' | 'title' | 'kind' | 'confidential' | 'readers'>[];
  readonly delegates: readonly Delegate[];
}

export interface AttachedFile {
  readonly document: DraftDocument;
  /** Problems that do not refuse the file but the clerk should see (a scanned PDF without text: OCR at publish). */
  readonly warnings: readonly Problem[];
  /** Pages without a usable text layer (scans): publishing reads them by OCR, a few seconds each. Empty: none. */
  readonly ocrPages?: readonly number[];
}

export interface DelegatesImport {
  /** Rows read; rows with a problem are still listed so the clerk sees them in the table. */
  readonly delegates: readonly Delegate[];
  /** Each with the spreadsheet's row (line) and column. */
  readonly problems: readonly ImportProblem[];
}

export interface DraftChanges {
  readonly firstPublish: boolean;
  readonly documentsAdded: readonly { readonly documentId: string; readonly title: string }[];
  readonly documentsReplaced: readonly { readonly documentId: string; readonly title: string }[];
  readonly documentsRemoved: readonly { readonly documentId: string; readonly title: string }[];
  /** Human-readable agenda edits ("Thêm mục 2.3 …", "Đổi tên mục 1 …"), each as an i18n key with params. */
  readonly agendaEdits: readonly { readonly code: string; readonly params: Readonly<Record<string, string>> }[];
  readonly delegatesAdded: readonly string[];
  readonly delegatesRemoved: readonly string[];
  readonly meetingEdited: boolean;
  /** Bytes that a publish would upload (only changed documents). */
  readonly uploadBytes: number;
}

export type JobPhase = 'validating' | 'reading' | 'encrypting' | 'uploading' | 'publishing' | 'invitations' | 'done' | 'failed';

export interface Job {
  readonly jobId: string;
  readonly phase: JobPhase;
  /** 0…1 of the whole job (for the progress bar). */
  readonly progress: number;
  /** What is happening now, as a line the screen shows ("Đang đọc trang 12/40 của Báo cáo…"). */
  readonly detail: string;
  readonly revision?: number;
  /** A stable error code (common/errors.ts), as every other answer's error. */
  readonly error?: ErrorValue;
  /** The draft the job publishes. */
  readonly draftId?: string;
  /** Once done: what the publish sent (only changed documents' chunks are uploaded). */
  readonly result?: {
    readonly newRevision: boolean;
    readonly uploadedChunks: number;
    readonly skippedChunks: number;
    readonly uploadedBytes: number;
    readonly changedDocuments: number;
    readonly unchangedDocuments: number;
  };
}

/** A clerk pass as the admin sees it (the pass itself is shown once, at creation). */
export interface ClerkPass {
  readonly passId: string;
  readonly name: string;
  readonly createdAt: string;
}

/** POST passes → the new pass (shown once). */
export interface NewClerkPass extends ClerkPass {
  readonly pass: string;
}

/** A delegates-import problem with the spreadsheet column it is about ("A"… and the header text). */
export type ImportProblem = Problem & { readonly column?: string };

/** The collab-server's admin route ROUTES.follow (common/api/routes.ts): the pack side of FollowView. */
export interface FollowMember {
  readonly delegateId: string;
  readonly role: string;
  readonly revokedAt?: string;
  readonly downloadedRevision?: number;
  readonly downloadedAt?: string;
}
export interface FollowResponse {
  readonly meetingId: string;
  readonly latestRevision: number;
  readonly members: readonly FollowMember[];
}

/** The publisher-key backup file (keys/backup): versioned, scrypt + AES-256-GCM over the publisher state. */
export const KEYS_BACKUP_FORMAT = 'council-publisher-keys';
export const KEYS_BACKUP_VERSION = 1;

export interface InvitationRow {
  readonly delegateId: string;
  readonly name: string;
  readonly role: Role;
  readonly group: string;
  /** Absent when revoked. */
  readonly link?: string;
  readonly revoked: boolean;
}

export interface FollowRow {
  readonly delegateId: string;
  readonly name: string;
  readonly role: Role;
  /** The newest pack revision this delegate's device fetched, and when. */
  readonly downloadedRevision?: number;
  readonly downloadedAt?: string;
  /** Documents opened (read receipts), newest first. */
  readonly opened: readonly { readonly documentId: string; readonly revision: number; readonly at: string }[];
  /** The live session's attendance (present in the hall, online, absent with reason). */
  readonly attendance?: { readonly status: string; readonly reason?: string; readonly at: string };
  readonly revoked: boolean;
}

export interface FollowView {
  readonly latestRevision: number;
  readonly rows: readonly FollowRow[];
}

export interface OpinionRow {
  readonly id: string;
  readonly documentId: string;
  readonly documentTitle: string;
  readonly page: number;
  readonly quote: string;
  readonly text: string;
  readonly delegateId: string;
  readonly delegateName: string;
  readonly sentAt: string;
}
