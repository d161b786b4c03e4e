// The biên bản kỳ họp and the records after a session (issue 10): what callers import.
//
//   const auditCheck = await checkMinutesAudit(records, head, publicKey, meetingId);
//   const model = buildMinutes({ meeting: minutesMeetingOf(manifest), state, voting, audit: records, auditCheck });
//   const docx = await minutesDocx(model);
//   const pdf = await minutesPdf(model, { fonts: { regular, bold, italic } });   // Tinos-*.ttf bytes
//   attendanceXlsx(model), attendanceCsv(model), resultsXlsx(model), resultsCsv(model)
export { minutesMeetingOf, minutesMeetingOfDraft } from './meeting.ts';
export { buildMinutes, itemTimeline, itemAt, bodyLinesOf, localityOf, durationText } from './build.ts';
export { checkMinutesAudit } from './audit.ts';
export { minutesDocx, type MinutesDocxOptions } from './docx.ts';
export { minutesPdf, type MinutesPdfOptions } from './pdf.ts';
export { attendanceCsv, attendanceXlsx, resultsCsv, resultsXlsx, minutesFileName, type MinutesFileKind } from './tables.ts';
export type * from './types.ts';
