// The biên bản kỳ họp from a real short session: a real collab-server (port 0), a meeting with a chair, five
// delegates and a secretary; check-in and attendance with a reason, items taken up, a chất vấn given the floor
// and ended, an open poll cast, closed and announced, an announcement — all through the real command routes.
// The state comes from a real y-websocket client, the audit log from GET LIVE_API.audit checked with the
// server's key. Then the model, and the DOCX, PDF, XLSX and CSV parsed back: unzipped word/document.xml,
// pdf.js text (and poppler where installed), exceljs, the BOM.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_KEY_PATH, LIVE_API, readMeetingState, type AuditCheckpoint, type AuditKeyInfo, type AuditPage, type AuditRecord } from '../../../common/live/index.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { attendanceCsv, attendanceXlsx, buildMinutes, checkMinutesAudit, minutesDocx, minutesPdf, resultsCsv, resultsXlsx, type MinutesInput, type MinutesMeeting, type MinutesModel } from '../../../common/minutes/index.ts';
import { readVotingState } from '../../../common/voting/state.ts';
import type { Client } from '../live/liveHarness.ts';
import { ADMIN_TOKEN, nextCommandId, send, type TestMember } from '../live/liveHarness.ts';
import type { LiveCommandInput } from '../../../common/live/commands.ts';
import { MEETING, okValue, openDefinition, stateClient, votingWorld, waitForPoll, type VotingWorld } from '../voting-server/votingHarness.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts', 'minutes');
const font = (name: string) => new Uint8Array(readFileSync(path.join(ROOT, 'resources', 'fonts', name)));
const FONTS = { regular: font('Tinos-Regular.ttf'), bold: font('Tinos-Bold.ttf'), italic: font('Tinos-Italic.ttf') };
const GENERATED = Date.parse('2026-12-05T11:30:00+07:00');

const NAMES: Record<string, [string, string]> = {
  'chu-toa': ['Lò Văn Muôn', 'Chủ tịch HĐND xã'],
  'db-001': ['Lường Thị Hoa', 'Trưởng Ban Kinh tế - Ngân sách'],
  'db-002': ['Vàng A Chư', 'Bí thư Chi bộ bản Nà Hỳ'],
  'db-003': ['Quàng Văn Thanh', 'Trưởng bản Nậm Pồ'],
  'db-004': ['Giàng Thị Mai', 'Giáo viên Trường Tiểu học Nậm Pồ'],
  'db-005': ['Mùa A Sùng', 'Trưởng Công an xã'],
  'thu-ky': ['Cà Thị Ngọc', 'Chuyên viên Văn phòng HĐND và UBND xã'],
};

function meetingOf(w: VotingWorld): MinutesMeeting {
  const delegates: Delegate[] = [w.chair, ...w.delegates, w.secretary].map((m, i) => {
    const [name, position] = NAMES[m.delegateId] ?? [m.delegateId, ''];
    return { id: m.delegateId, name, position, unit: 'xã Nậm Pồ', group: `Tổ ${(i % 2) + 1}`, role: m.role };
  });
  return {
    meetingId: MEETING,
    title: 'Kỳ họp thứ Hai, HĐND xã Nậm Pồ khóa I, nhiệm kỳ 2026–2031',
    body: 'Hội đồng nhân dân xã Nậm Pồ',
    startsAt: '2026-12-05T07:30:00+07:00',
    place: 'Hội trường UBND xã Nậm Pồ',
    totalDelegates: 6,
    agenda: [
      { id: '1', title: 'Khai mạc kỳ họp', presenter: 'Chủ tọa', documentIds: ['doc-ct'], items: [] },
      {
        id: '2',
        title: 'Tình hình kinh tế - xã hội năm 2026',
        documentIds: [],
        items: [{ id: '2.1', title: 'Biểu quyết thông qua Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm 2027', presenter: 'Chủ tọa', documentIds: ['doc-nq'], items: [] }],
      },
      { id: '3', title: 'Bế mạc kỳ họp', documentIds: [], items: [] },
    ],
    delegates,
    documents: [
      { id: 'doc-ct', title: 'Chương trình kỳ họp thứ Hai', kind: 'chuong-trinh', agendaItemId: '1' },
      { id: 'doc-nq', title: 'Dự thảo Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm 2027', kind: 'du-thao-nghi-quyet', agendaItemId: '2.1' },
      { id: 'doc-mat', title: 'Tờ trình về công tác nhân sự', kind: 'to-trinh', agendaItemId: '3', confidential: true },
    ],
  };
}

/** A sheet's rows as arrays of cells from column A (exceljs' values are sparse and 1-based). */
function sheetRows(ws: ExcelJS.Worksheet | undefined): unknown[][] {
  return Array.from(ws?.getSheetValues() ?? [], (r) => (Array.isArray(r) ? Array.from(r).slice(1) : []));
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as { ok: boolean; value: T };
  if (!body.ok) throw new Error(`refused: ${JSON.stringify(body)}`);
  return body.value;
}

/** Every page of the audit log, read as the console does (the admin token). */
async function auditLog(url: string): Promise<{ records: AuditRecord[]; head?: AuditCheckpoint }> {
  const records: AuditRecord[] = [];
  let after = 0;
  let head: AuditCheckpoint | undefined;
  for (;;) {
    const page = await json<AuditPage>(await fetch(`${url}${LIVE_API.audit(MEETING)}?after=${after}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));
    records.push(...page.entries);
    head = page.head ?? head;
    if (page.next === undefined) return { records, ...(head ? { head } : {}) };
    after = page.next;
  }
}

const flat = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();
const xmlText = (xml: string): string =>
  flat(xml.replace(/<w:tab\/>|<w:br\/>|<\/w:p>/g, ' ').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));

async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    parts.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  const pages = pdf.numPages;
  await pdf.destroy();
  return { pages, text: flat(parts.join(' ')) };
}

function hasPoppler(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A session command (common/live/commands.ts) over the real route, which must accept it. */
async function session(member: TestMember, command: LiveCommandInput extends infer C ? (C extends unknown ? Omit<C, 'id'> : never) : never): Promise<void> {
  okValue(await send(world.live.url(), MEETING, member.token, { id: nextCommandId(), ...command }));
}

let world: VotingWorld;
let hall: Client;
let input: MinutesInput;
let model: MinutesModel;
let wording: readonly string[];

beforeAll(async () => {
  // Chair + 5 delegates; the chair and 4 delegates check in (online) through real commands, db-005 does not.
  world = await votingWorld(5, { present: 4 });
  const w = world;
  const [d1, d2, d3, , d5] = w.delegates;
  if (!d1 || !d2 || !d3 || !d5) throw new Error('cast');
  hall = await stateClient(w.live, w.secretary);
  // Attendance taken at the door by the secretariat: one delegate in the hall, one absent with a reason.
  await session(w.secretary, { type: 'recordAttendance', delegateId: d1.delegateId, status: 'present-hall' });
  await session(w.secretary, { type: 'recordAttendance', delegateId: d5.delegateId, status: 'absent', reason: 'Đi công tác tại tỉnh' });
  await session(w.chair, { type: 'setCurrentItem', itemId: '1' });
  await session(w.chair, { type: 'announce', text: 'Đề nghị các đại biểu để điện thoại ở chế độ im lặng', level: 'info' });
  await session(w.chair, { type: 'setCurrentItem', itemId: '2.1' });
  await session(d2, { type: 'requestToSpeak', speechType: 'chat-van', addressee: 'Chủ tịch UBND xã' });
  await session(w.chair, { type: 'nextSpeaker' });
  await session(w.chair, { type: 'endSpeech' });
  await session(w.chair, { type: 'giveFloor', delegateId: d3.delegateId, speechType: 'phat-bieu' });
  await session(w.chair, { type: 'endSpeech' });
  okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'nq-ktxh-2027', definition: openDefinition() }));
  okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'nq-ktxh-2027' }));
  const choices = { 'chu-toa': 'yes', 'db-001': 'yes', 'db-002': 'yes', 'db-003': 'no', 'db-004': 'abstain' } as const;
  for (const m of [w.chair, ...w.delegates.slice(0, 4)]) okValue(await w.cmd(m, { type: 'castBallot', pollId: 'nq-ktxh-2027', choice: choices[m.delegateId as keyof typeof choices] }));
  okValue(await w.cmd(w.chair, { type: 'closePoll', pollId: 'nq-ktxh-2027' }));
  await waitForPoll(hall, 'nq-ktxh-2027', (p) => p.status === 'counted');
  okValue(await w.cmd(w.chair, { type: 'announcePoll', pollId: 'nq-ktxh-2027' }));
  await waitForPoll(hall, 'nq-ktxh-2027', (p) => p.status === 'announced');
  // A poll created by mistake and cancelled: the minutes say so, with the reason.
  okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'nham', definition: openDefinition({ question: 'Biểu quyết tạo nhầm' }) }));
  okValue(await w.cmd(w.chair, { type: 'cancelPoll', pollId: 'nham', reason: 'Tạo nhầm nội dung' }));
  await waitForPoll(hall, 'nham', (p) => p.status === 'cancelled');
  await session(w.chair, { type: 'setCurrentItem', itemId: '3' });

  const key = await json<AuditKeyInfo>(await fetch(w.live.url() + AUDIT_KEY_PATH));
  const { records, head } = await auditLog(w.live.url());
  const auditCheck = await checkMinutesAudit(records, head, key.publicKey, MEETING);
  input = { meeting: meetingOf(w), state: readMeetingState(hall.doc), voting: readVotingState(hall.doc), audit: records, auditCheck, generatedAt: GENERATED };
  model = buildMinutes(input);
  const poll = model.items.find((i) => i.id === '2.1')?.polls[0];
  wording = poll?.record.wording ?? [];
  mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  hall.destroy();
  await world.live.stop();
});

describe('the minutes model from a real session', () => {
  it('checks the signed audit log and says so', () => {
    expect(input.auditCheck).toMatchObject({ ok: true, problems: [] });
    expect(model.auditLine).toBe(`Nhật ký đã được kiểm tra: ${input.audit.length} mục, chữ ký hợp lệ`);
    expect(input.audit.length).toBeGreaterThan(15);
  });

  it('counts attendance against the total: in the hall, online, absent with the reason', () => {
    const a = model.attendance;
    expect([a.total, a.presentHall, a.presentOnline, a.absent, a.unrecorded]).toEqual([6, 1, 4, 1, 0]);
    expect(a.summary).toContain('Có mặt: 5/6 đại biểu (tại hội trường: 1; trực tuyến: 4).');
    expect(a.summary.at(-1)).toBe('Số đại biểu có mặt bảo đảm tỷ lệ theo quy định (ít nhất 4/6 đại biểu).');
    expect(a.rows.find((r) => r.delegateId === 'db-005')).toMatchObject({ name: 'Mùa A Sùng', statusText: 'Vắng mặt', reason: 'Đi công tác tại tỉnh' });
    // The secretary is not a deputy: not in the attendance rows.
    expect(a.rows.map((r) => r.delegateId)).not.toContain('thu-ky');
  });

  it('puts each speech, poll and announcement under the item that was current (the audit log’s setCurrentItem)', () => {
    const byId = new Map(model.items.map((i) => [i.id, i]));
    expect(model.items.map((i) => i.id)).toEqual(['1', '2', '2.1', '3']);
    expect(byId.get('1')?.announcements.map((a) => a.text)).toEqual(['Đề nghị các đại biểu để điện thoại ở chế độ im lặng']);
    expect(byId.get('1')?.documents).toEqual(['Chương trình kỳ họp thứ Hai']);
    expect(byId.get('3')?.documents).toEqual(['Tờ trình về công tác nhân sự (tài liệu mật)']);
    const item = byId.get('2.1');
    expect(item?.speeches.map((s) => [s.name, s.typeText, s.addressee])).toEqual([
      ['Vàng A Chư', 'Chất vấn', 'Chủ tịch UBND xã'],
      ['Quàng Văn Thanh', 'Phát biểu', undefined],
    ]);
    expect(item?.speeches[0]?.line).toMatch(/^\d\d:\d\d–\d\d:\d\d — Đại biểu Vàng A Chư \(Bí thư Chi bộ bản Nà Hỳ\): Chất vấn, gửi Chủ tịch UBND xã \(\d+ giây\)$/);
    expect(item?.polls.map((p) => p.pollId)).toEqual(['nq-ktxh-2027']);
    expect(item?.when).toMatch(/^từ \d\d:\d\d đến \d\d:\d\d$/);
    // The legal wording is the results record's (3 of N = 6 in favour: not more than half → not passed).
    expect(wording[0]).toBe('Có 5 đại biểu tham gia biểu quyết (bằng 83,33% tổng số đại biểu); trong đó, có 3 đại biểu tán thành (bằng 50,00% tổng số đại biểu), có 1 đại biểu không tán thành (bằng 16,67%), có 1 đại biểu không biểu quyết (bằng 16,67%). → Không thông qua');
    expect(item?.polls[0]?.record.verdicts).toEqual(['KHÔNG THÔNG QUA']);
    expect(item?.pollNotes).toEqual([expect.stringMatching(/^Biểu quyết “Biểu quyết tạo nhầm” đã hủy lúc \d\d:\d\d \(lý do: Tạo nhầm nội dung\)\.$/)]);
  });

  it('has the header, the title, the place and date, and the signature blocks', () => {
    expect([model.nation, model.motto, model.bodyLines, model.number, model.title]).toEqual([
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'HỘI ĐỒNG NHÂN DÂN\nXÃ NẬM PỒ',
      'Số: …/BB-HĐND',
      'BIÊN BẢN KỲ HỌP',
    ]);
    expect(model.placeDate).toMatch(/^Nậm Pồ, ngày \d\d tháng \d\d năm \d{4}$/);
    expect(model.signatures).toEqual({
      left: { title: 'THƯ KÝ KỲ HỌP', hint: '(Ký, ghi rõ họ tên)', name: 'Cà Thị Ngọc' },
      right: { title: 'CHỦ TỌA', hint: '(Ký, ghi rõ họ tên)', name: 'Lò Văn Muôn' },
    });
  });

  it('prints the failure when the log does not check', () => {
    const broken = buildMinutes({ ...input, auditCheck: { ok: false, entries: 20, problems: [{ kind: 'missing', from: 18, to: 20 }] } });
    expect(broken.auditLine).toBe('Nhật ký đã được kiểm tra: 20 mục, phát hiện sai lệch: các mục 18–20 bị thiếu');
    expect(buildMinutes({ ...input, auditCheck: undefined, lang: 'en' }).auditLine).toBe(`The audit log was not checked (${input.audit.length} entries)`);
  });
});

const EXPECTED = (): string[] => [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'Số: …/BB-HĐND',
  'BIÊN BẢN KỲ HỌP',
  'Kỳ họp thứ Hai, HĐND xã Nậm Pồ khóa I, nhiệm kỳ 2026–2031',
  'Lường Thị Hoa',
  'Mùa A Sùng',
  'Đi công tác tại tỉnh',
  'Có mặt trực tuyến',
  'Đại biểu Vàng A Chư (Bí thư Chi bộ bản Nà Hỳ): Chất vấn, gửi Chủ tịch UBND xã',
  'Đề nghị các đại biểu để điện thoại ở chế độ im lặng',
  ...wording,
  'KHÔNG THÔNG QUA',
  '(lý do: Tạo nhầm nội dung)',
  `Nhật ký đã được kiểm tra: ${input.audit.length} mục, chữ ký hợp lệ`,
  'THƯ KÝ KỲ HỌP',
  'CHỦ TỌA',
];

describe('the writers, parsed back', () => {
  it('DOCX: word/document.xml has every section, in Times New Roman on A4 with the decree’s margins', async () => {
    const bytes = await minutesDocx(model);
    writeFileSync(path.join(ARTIFACTS, 'bien-ban-ky-hop.docx'), bytes);
    const files = unzipSync(bytes);
    const xml = strFromU8(files['word/document.xml'] ?? new Uint8Array());
    const text = xmlText(xml);
    for (const s of EXPECTED()) expect(text, s).toContain(flat(s));
    // The motto is underlined; A4 (11906 × 16838 twips), left 30 mm, right 15 mm, top/bottom 20 mm.
    expect(xml).toMatch(/<w:u w:val="single"\/>(?:(?!<\/w:r>).)*Độc lập - Tự do - Hạnh phúc/s);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701"/);
    const styles = strFromU8(files['word/styles.xml'] ?? new Uint8Array());
    expect(styles).toContain('w:ascii="Times New Roman"');
    expect(styles).toMatch(/<w:sz w:val="26"\/>/);
    // Tables: the header (no borders), attendance, the poll's counts, the signatures.
    expect(xml.match(/<w:tbl>/g)?.length).toBe(4);
    // Room under each speech for the clerk's summary.
    expect(text.match(/Tóm tắt nội dung: …/g)).toHaveLength(2);
  });

  it('PDF: pdf.js reads the same Vietnamese text, with page numbers', async () => {
    const bytes = await minutesPdf(model, { fonts: FONTS });
    writeFileSync(path.join(ARTIFACTS, 'bien-ban-ky-hop.pdf'), bytes);
    const { pages, text } = await pdfText(bytes);
    for (const s of EXPECTED()) expect(text, s).toContain(flat(s));
    expect(text).toContain(`Trang 1/${pages}`);
  });

  it('PDF in English: the national header stays Vietnamese, the rest is English', async () => {
    const en = buildMinutes({ ...input, lang: 'en' });
    const { text } = await pdfText(await minutesPdf(en, { fonts: FONTS }));
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'MINUTES OF THE SESSION', 'I. ATTENDANCE', 'Present: 5/6 delegates', 'Question, to Chủ tịch UBND xã', 'NOT PASSED', `The audit log was checked: ${input.audit.length} entries, signatures valid`, 'SECRETARY', 'CHAIR', 'Page 1/']) {
      expect(text, s).toContain(s);
    }
  });

  it.skipIf(!hasPoppler() && process.env['CI'] !== 'true')('PDF: pdftotext reads it too, and pdftoppm renders ink on the first page (needs poppler-utils)', async () => {
    const file = path.join(ARTIFACTS, 'bien-ban-ky-hop-poppler.pdf');
    writeFileSync(file, await minutesPdf(model, { fonts: FONTS }));
    const text = flat(execFileSync('pdftotext', [file, '-']).toString('utf8'));
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'BIÊN BẢN KỲ HỌP', 'Mùa A Sùng', 'Chất vấn, gửi Chủ tịch UBND xã', 'KHÔNG THÔNG QUA', 'chữ ký hợp lệ']) expect(text, s).toContain(s);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', file, path.join(ARTIFACTS, 'minutes-pdf')]);
    const png = PNG.sync.read(readFileSync(path.join(ARTIFACTS, 'minutes-pdf-1.png')));
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 128) dark++;
    expect(dark / (png.width * png.height)).toBeGreaterThan(0.005);
  });

  it('XLSX: attendance and results read back with exceljs', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await attendanceXlsx(model)).buffer as ArrayBuffer);
    const ws = wb.getWorksheet('Điểm danh');
    const rows = sheetRows(ws).map((r) => r.map((c) => String(c ?? '')));
    const absent = rows.find((r) => r.includes('db-005'));
    expect(absent).toEqual(['6', 'db-005', 'Mùa A Sùng', 'Trưởng Công an xã', 'xã Nậm Pồ', 'Tổ 2', 'Vắng mặt', 'Đi công tác tại tỉnh', expect.stringMatching(/^\d\d:\d\d$/)]);
    expect(rows.flat()).toContain('Có mặt: 5/6 đại biểu (tại hội trường: 1; trực tuyến: 4).');

    const rb = new ExcelJS.Workbook();
    await rb.xlsx.load((await resultsXlsx(model)).buffer as ArrayBuffer);
    const polls = rb.getWorksheet('Kết quả biểu quyết');
    const poll = sheetRows(polls).find((r) => r[0] === 'nq-ktxh-2027');
    expect(poll?.slice(0, 3)).toEqual(['nq-ktxh-2027', '2.1', openDefinition().question]);
    expect(poll?.slice(6, 9)).toEqual([5, 3, '50,00% tổng số đại biểu (6)']);
    expect(poll?.[13]).toBe('KHÔNG THÔNG QUA');
    const voters = sheetRows(rb.getWorksheet('Biểu quyết theo đại biểu'));
    expect(voters.find((r) => r[2] === 'Quàng Văn Thanh')?.[3]).toBe('Không tán thành');
    // A reason typed as a formula stays text in the workbook too: no <f> element, the string as it was typed.
    const evil = buildMinutes({ ...input, state: { ...input.state, attendance: { ...input.state.attendance, 'db-005': { status: 'absent', reason: '=HYPERLINK("http://x","y")', at: 0, by: 'thu-ky' } } } });
    const evilBytes = await attendanceXlsx(evil);
    const sheetXml = Object.entries(unzipSync(evilBytes)).filter(([name]) => name.startsWith('xl/worksheets/')).map(([, b]) => strFromU8(b)).join('');
    expect(sheetXml).not.toContain('<f>');
    const eb = new ExcelJS.Workbook();
    await eb.xlsx.load(evilBytes.buffer as ArrayBuffer);
    expect(sheetRows(eb.getWorksheet('Điểm danh')).flat()).toContain('=HYPERLINK("http://x","y")');
  });

  it('CSV: UTF-8 with the BOM, formula-safe, one row per member; the results CSV is the results record’s', () => {
    const csv = attendanceCsv(model);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFSTT,Mã đại biểu,Họ và tên,Chức vụ,Đơn vị,Tổ,Điểm danh,Lý do,Thời điểm');
    expect(csv.split('\r\n').filter((l) => l !== '')).toHaveLength(1 + 6);
    expect(csv).toContain('6,db-005,Mùa A Sùng,Trưởng Công an xã,xã Nậm Pồ,Tổ 2,Vắng mặt,Đi công tác tại tỉnh,');
    const evil = buildMinutes({ ...input, state: { ...input.state, attendance: { ...input.state.attendance, 'db-005': { status: 'absent', reason: '=HYPERLINK("x")', at: 0, by: 'thu-ky' } } } });
    expect(attendanceCsv(evil)).toContain(`"'=HYPERLINK(""x"")"`);
    const results = resultsCsv(model);
    expect(results.startsWith('\uFEFF')).toBe(true);
    expect(results).toContain('nq-ktxh-2027');
    expect(results).toContain('Quàng Văn Thanh');
  });
});
