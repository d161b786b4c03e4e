// Results records (issue 7 "Results"): from the announced polls and their results (state.ts) and the meeting as
// the device knows it from the pack (title, council, agenda, delegates' names — the server knows none of them)
// to the biên bản kết quả biểu quyết, per poll and for the whole session, as PDF and as CSV. Pure: the font's
// bytes are the caller's (Noto Sans, resources/fonts), so the same code runs in the browser
// (renderer/live/records/exportResults.ts) and in `council results` (cli/commands/results.ts).
//
//   const entries = selectReportEntries(voting, pollId);          // POLL_NOT_FOUND / POLL_STATE as values
//   const pdf = await resultsPdf({ meeting, entries, scope }, { regular, bold });
//   const csv = resultsCsv({ meeting, entries });                  // UTF-8 with BOM
export {
  selectReportEntries,
  pollRecord,
  recordFileName,
  type ReportEntry,
  type ReportInput,
  type ReportMeeting,
  type ReportPerson,
  type ReportAgendaNode,
  type PollRecord,
} from './recordModel.ts';
export { resultsPdf, wrapText, type ReportFonts } from './reportPdf.ts';
export { resultsCsv, csvField, CSV_BOM } from './reportCsv.ts';
