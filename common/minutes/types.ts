// The biên bản kỳ họp (minutes of a session) as content before any layout: buildMinutes (build.ts) turns the
// meeting, the live state, the votes and the audit log into this model; docx.ts, pdf.ts and tables.ts write it.
// Every string in the model is final text in the model's language, so the writers only lay it out.
import type { Lang } from '../i18n/errors.ts';
import type { AuditProblem, AuditRecord } from '../live/audit.ts';
import type { MeetingState } from '../live/state.ts';
import type { AgendaNode } from '../pack/format.ts';
import type { Delegate, DocumentKind } from '../meeting/types.ts';
import type { PollRecord, ReportEntry, ReportMeeting } from '../voting/recordModel.ts';
import type { VotingState } from '../voting/state.ts';

/** A document of an agenda item (PackManifest DocumentEntry or the console's DraftDocument fit). */
export interface MinutesDocumentRef {
  readonly id: string;
  readonly title: string;
  readonly kind: DocumentKind;
  /** The agenda item's dotted number ("2.1"). */
  readonly agendaItemId: string;
  readonly confidential?: boolean;
}

/** The meeting as the pack describes it (PackManifest: meetingId, meeting, agenda, delegates, documents). */
export interface MinutesMeeting {
  readonly meetingId?: string;
  readonly title: string;
  /** The council: "Hội đồng nhân dân xã Nậm Pồ". */
  readonly body: string;
  readonly startsAt: string;
  readonly place: string;
  /** Deputies in office per meeting.json; the live config's totalDelegates wins when the chair set it. */
  readonly totalDelegates: number;
  readonly agenda: readonly AgendaNode[];
  readonly delegates: readonly Delegate[];
  readonly documents: readonly MinutesDocumentRef[];
}

/**
 * The audit log as checked (checkMinutesAudit in audit.ts runs common/live/audit.ts verifyAuditPage): the
 * minutes print "Nhật ký đã được kiểm tra: N mục, chữ ký hợp lệ", or the problems.
 */
export interface MinutesAuditCheck {
  readonly ok: boolean;
  /** Entries checked. */
  readonly entries: number;
  readonly problems: readonly AuditProblem[];
}

export interface MinutesInput {
  readonly meeting: MinutesMeeting;
  /** The live session's state (common/live/state.ts readMeetingState). */
  readonly state: MeetingState;
  /** The votes (common/voting/state.ts readVotingState); only announced polls go into the minutes. */
  readonly voting: Pick<VotingState, 'polls' | 'results'>;
  /** Every record of the meeting's audit log, oldest first (GET LIVE_API.audit, all pages). */
  readonly audit: readonly AuditRecord[];
  /** The check of that log; absent: the minutes say it was not checked. */
  readonly auditCheck?: MinutesAuditCheck;
  readonly lang?: Lang;
  /** When the minutes are produced (footer; the date line when the session left no time); default now. */
  readonly generatedAt?: number;
}

export interface MinutesAttendanceRow {
  /** 1-based. */
  readonly no: number;
  readonly delegateId: string;
  readonly name: string;
  readonly position: string;
  readonly unit: string;
  readonly group: string;
  /** undefined: nothing recorded (shown as "Chưa điểm danh"). */
  readonly status?: MeetingState['attendance'][string]['status'];
  readonly statusText: string;
  readonly reason: string;
  /** "08:02", or '' */
  readonly time: string;
}

export interface MinutesAttendance {
  readonly total: number;
  readonly presentHall: number;
  readonly presentOnline: number;
  readonly absent: number;
  /** Voting members with no attendance record. */
  readonly unrecorded: number;
  /** The sentences: "Tổng số đại biểu: 15. Có mặt: 13/15 (…)", the quorum line. */
  readonly summary: readonly string[];
  readonly head: readonly string[];
  readonly rows: readonly MinutesAttendanceRow[];
}

export interface MinutesSpeech {
  readonly delegateId: string;
  readonly name: string;
  readonly position: string;
  readonly type: MeetingState['speeches'][number]['type'];
  readonly typeText: string;
  readonly addressee?: string;
  /** "09:05" */
  readonly start: string;
  readonly end: string;
  /** "6 phút 10 giây" */
  readonly duration: string;
  /** The whole line: "09:05–09:11 — Đại biểu Lò Văn Páo (Trưởng bản Nậm Pồ): Chất vấn, gửi Chủ tịch UBND xã (6 phút 10 giây)". */
  readonly line: string;
}

export interface MinutesAnnouncement {
  readonly time: string;
  readonly text: string;
  readonly urgent: boolean;
  readonly withdrawn: boolean;
  /** "09:30 — …" (+ "(khẩn)", "(đã thu hồi lúc 09:40)"). */
  readonly line: string;
}

export interface MinutesPoll {
  readonly pollId: string;
  readonly question: string;
  /** The results record of common/voting/recordModel.ts pollRecord: fields, table, the legal wording, verdicts, names. */
  readonly record: PollRecord;
}

export interface MinutesItem {
  /** The dotted number ("2.1"); '' for the part before any item was taken up. */
  readonly id: string;
  /** "2.1. Báo cáo …" */
  readonly heading: string;
  /** 0 for top-level items. */
  readonly depth: number;
  readonly presenter?: string;
  /** "từ 08:15 đến 09:00" when the chair took the item up; '' otherwise. */
  readonly when: string;
  readonly documents: readonly string[];
  readonly speeches: readonly MinutesSpeech[];
  readonly polls: readonly MinutesPoll[];
  /** Polls of the item without an announced result: cancelled (with the reason) or not announced yet. */
  readonly pollNotes: readonly string[];
  readonly announcements: readonly MinutesAnnouncement[];
  /** A leaf item never taken up and with nothing recorded: the writers print labels.nothing. */
  readonly empty: boolean;
}

export interface MinutesSignature {
  readonly title: string;
  readonly hint: string;
  readonly name?: string;
}

export interface MinutesModel {
  readonly lang: Lang;
  readonly nation: string;
  readonly motto: string;
  /** The issuing body, upper case, in lines: "HỘI ĐỒNG NHÂN DÂN\nXÃ NẬM PỒ". */
  readonly bodyLines: string;
  /** "Số: …/BB-HĐND" (left for the clerk). */
  readonly number: string;
  /** "Nậm Pồ, ngày 05 tháng 12 năm 2026" */
  readonly placeDate: string;
  /** "BIÊN BẢN KỲ HỌP" */
  readonly title: string;
  /** The meeting's title: "Kỳ họp thứ Hai, HĐND xã Nậm Pồ khóa I, nhiệm kỳ 2026–2031". */
  readonly subtitle: string;
  /** Time, place, chair, secretary, total delegates. */
  readonly details: readonly (readonly [string, string])[];
  readonly attendanceHeading: string;
  readonly attendance: MinutesAttendance;
  readonly proceedingsHeading: string;
  /** Headings used inside each item. */
  readonly labels: {
    readonly documents: string;
    readonly speeches: string;
    readonly polls: string;
    readonly announcements: string;
    readonly nothing: string;
    readonly presenter: string;
    readonly verdict: string;
    readonly names: string;
    readonly result: string;
    /** The line the Word document leaves under each speech for the clerk to fill in. */
    readonly speechSummary: string;
  };
  /** "III. KIỂM TRA NHẬT KÝ" */
  readonly auditHeading: string;
  /** The part before any agenda item was taken up (only when something happened in it), then every agenda item. */
  readonly items: readonly MinutesItem[];
  /** "Nhật ký đã được kiểm tra: 42 mục, chữ ký hợp lệ", or what is wrong. */
  readonly auditLine: string;
  readonly auditOk: boolean;
  /** "Kỳ họp kết thúc lúc 11:20 …". */
  readonly closing: string;
  readonly signatures: { readonly left: MinutesSignature; readonly right: MinutesSignature };
  /** "Lập từ dữ liệu của hệ thống … lúc 2026-12-05T11:30:00+07:00 · <meetingId>" */
  readonly footer: string;
  /** "Trang" for page numbers. */
  readonly pageWord: string;
  /** What the results records (common/voting/report.ts) need: reused by resultsCsv/resultsXlsx. */
  readonly report: { readonly meeting: ReportMeeting; readonly entries: readonly ReportEntry[] };
  readonly generatedAt: number;
  readonly meetingId?: string;
}

/** Font bytes for the PDF writers (Tinos, resources/fonts: Times-compatible, full Vietnamese). */
export interface MinutesFonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
  readonly italic: Uint8Array;
}
