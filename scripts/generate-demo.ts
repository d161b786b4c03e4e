// Generates the PDFs of the demo meeting (resources/demo-meeting) from fixed Vietnamese text: no randomness and
// fixed dates, so a re-run writes the same bytes. Run: npx tsx scripts/generate-demo.ts
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'resources', 'demo-meeting');
const FIXED_DATE = new Date('2026-11-20T08:00:00+07:00');
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const BLACK = rgb(0, 0, 0);

interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

/** A cursor writing down an A4 page; `ensure` starts a new page when the space runs out. */
class Writer {
  page: PDFPage;
  y = 0;
  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.page = this.newPage();
  }
  newPage(): PDFPage {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
    return this.page;
  }
  ensure(height: number): void {
    if (this.y - height < MARGIN + 30) this.newPage();
  }
  centered(text: string, size: number, bold = false, x0 = MARGIN, width = A4[0] - 2 * MARGIN): void {
    const font = bold ? this.fonts.bold : this.fonts.regular;
    const w = font.widthOfTextAtSize(text, size);
    this.page.drawText(text, { x: x0 + (width - w) / 2, y: this.y - size, size, font, color: BLACK });
  }
  line(text: string, size = 11, bold = false): void {
    this.ensure(size * 1.5);
    this.page.drawText(text, { x: MARGIN, y: this.y - size, size, font: bold ? this.fonts.bold : this.fonts.regular, color: BLACK });
    this.y -= size * 1.5;
  }
  paragraph(text: string, size = 11, bold = false): void {
    const font = bold ? this.fonts.bold : this.fonts.regular;
    for (const l of wrap(text, font, size, A4[0] - 2 * MARGIN - 20)) this.line(l, size, bold);
    this.y -= size * 0.4;
  }
  gap(points: number): void {
    this.y -= points;
  }
}

export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const next = current === '' ? word : `${current} ${word}`;
    if (font.widthOfTextAtSize(next, size) > width && current !== '') {
      lines.push(current);
      current = word;
    } else current = next;
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** The issuing body in two lines: the authority above it, then the body itself ("HỘI ĐỒNG NHÂN DÂN" / "XÃ NẬM PỒ"). */
type Issuer = readonly [string, string];
const HDND: Issuer = ['HỘI ĐỒNG NHÂN DÂN', 'XÃ NẬM PỒ'];
const UBND: Issuer = ['ỦY BAN NHÂN DÂN', 'XÃ NẬM PỒ'];

/** The national motto block and the issuing body, as on every official document (Nghị định 30/2020/NĐ-CP). */
function officialHeader(w: Writer, issuer: Issuer, number: string): void {
  const half = (A4[0] - 2 * MARGIN) / 2;
  const top = w.y;
  w.centered(issuer[0], 11, false, MARGIN - 20, half);
  w.centered('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 11, true, MARGIN + half - 20, half + 40);
  w.y -= 15;
  w.centered(issuer[1], 11, true, MARGIN - 20, half);
  w.centered('Độc lập - Tự do - Hạnh phúc', 11, true, MARGIN + half - 20, half + 40);
  w.y -= 24;
  w.centered(`Số: ${number}`, 10, false, MARGIN - 20, half);
  w.centered('Nậm Pồ, ngày 20 tháng 11 năm 2026', 10, false, MARGIN + half - 20, half + 40);
  w.page.drawLine({ start: { x: MARGIN + 60, y: top - 33 }, end: { x: MARGIN + half - 80, y: top - 33 }, thickness: 0.6 });
  w.y -= 34;
}

function title(w: Writer, lines: readonly string[]): void {
  lines.forEach((l, i) => {
    w.centered(l, i === 0 ? 14 : 12, true);
    w.y -= i === 0 ? 20 : 17;
  });
  w.y -= 10;
}

function table(w: Writer, headers: readonly string[], widths: readonly number[], rows: readonly (readonly string[])[]): void {
  const rowH = 18;
  const total = widths.reduce((a, b) => a + b, 0);
  const drawRow = (cells: readonly string[], bold: boolean): void => {
    w.ensure(rowH);
    let x = MARGIN;
    const font = bold ? w.fonts.bold : w.fonts.regular;
    cells.forEach((c, i) => {
      const cw = widths[i] ?? 60;
      w.page.drawRectangle({ x, y: w.y - rowH, width: cw, height: rowH, borderWidth: 0.6, borderColor: BLACK });
      w.page.drawText(fit(c, font, 9, cw - 6), { x: x + 3, y: w.y - rowH + 5, size: 9, font, color: BLACK });
      x += cw;
    });
    w.y -= rowH;
  };
  if (total > A4[0] - 2 * MARGIN + 1) throw new Error('table too wide');
  drawRow(headers, true);
  rows.forEach((r) => drawRow(r, false));
  w.gap(10);
}

function fit(text: string, font: PDFFont, size: number, width: number): string {
  let t = text;
  while (t.length > 1 && font.widthOfTextAtSize(t, size) > width) t = t.slice(0, -1);
  return t;
}

function signature(w: Writer, role: string, name: string): void {
  w.ensure(90);
  w.gap(10);
  const x0 = A4[0] / 2;
  const width = A4[0] / 2 - MARGIN;
  w.centered(role, 11, true, x0, width);
  w.y -= 16;
  w.centered('(Đã ký)', 10, false, x0, width);
  w.y -= 40;
  w.centered(name, 11, true, x0, width);
  w.y -= 20;
}

function pageNumbers(doc: PDFDocument, fonts: Fonts, big: boolean): void {
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const text = `Trang ${i + 1}/${pages.length}`;
    const size = big ? 26 : 9;
    const w = fonts.bold.widthOfTextAtSize(text, size);
    p.drawText(text, { x: (A4[0] - w) / 2, y: big ? A4[1] - 44 : 28, size, font: fonts.bold, color: big ? rgb(0.1, 0.2, 0.5) : BLACK });
  });
}

// ---- Text of the documents --------------------------------------------------------------------------------

// The bản (villages) of xã Nậm Pồ, a commune of the two-tier local government (since 1 July 2025).
const VILLAGES = ['Nà Hỳ', 'Nà Bủng', 'Vàng Đán', 'Chà Cang', 'Chà Nưa', 'Chà Tở', 'Nậm Khăn', 'Pa Tần', 'Phìn Hồ', 'Si Pa Phìn', 'Nậm Chua', 'Nậm Tin', 'Nậm Nhừ', 'Na Cô Sa', 'Nà Khoa'];
const FIELDS = ['Giao thông', 'Thủy lợi', 'Giáo dục', 'Y tế', 'Điện sinh hoạt', 'Đất đai', 'Chính sách xã hội', 'Nước sinh hoạt', 'Nông nghiệp', 'Viễn thông'];
const PETITIONS = [
  'Đề nghị đầu tư sửa chữa tuyến đường từ trung tâm xã đến bản, mùa mưa thường xuyên sạt lở, đi lại khó khăn.',
  'Đề nghị nâng cấp kênh mương nội đồng để bảo đảm nước tưới cho vụ lúa xuân.',
  'Đề nghị bố trí thêm giáo viên và xây dựng nhà bán trú cho học sinh ở các bản xa trung tâm.',
  'Đề nghị tăng cường bác sĩ cho trạm y tế xã, bổ sung thuốc thiết yếu và trang thiết bị khám chữa bệnh.',
  'Đề nghị kéo điện lưới quốc gia về các hộ dân chưa có điện sinh hoạt.',
  'Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ gia đình đã kê khai từ năm trước.',
  'Đề nghị xem xét hỗ trợ kịp thời cho các hộ nghèo, hộ cận nghèo bị thiệt hại do mưa lũ.',
  'Đề nghị sửa chữa công trình nước sinh hoạt tập trung bị hư hỏng, nhân dân thiếu nước vào mùa khô.',
  'Đề nghị hỗ trợ giống cây trồng, vật nuôi và hướng dẫn kỹ thuật chăn nuôi cho đồng bào.',
  'Đề nghị lắp đặt trạm phát sóng di động để nhân dân và học sinh có thể liên lạc, học trực tuyến.',
];

const REPORT = [
  'Năm 2026, năm đầu vận hành chính quyền địa phương hai cấp, trong bối cảnh còn nhiều khó khăn, thời tiết diễn biến phức tạp, mưa lũ gây thiệt hại tại nhiều bản, song dưới sự lãnh đạo của Đảng ủy xã, sự giám sát của Hội đồng nhân dân, sự điều hành quyết liệt của Ủy ban nhân dân xã, kinh tế - xã hội của xã tiếp tục phát triển.',
  'Tổng sản lượng lương thực có hạt ước đạt 9.450 tấn, đạt 101,2% kế hoạch; tổng đàn gia súc được duy trì, công tác phòng chống dịch bệnh được thực hiện tốt, không để xảy ra dịch lớn.',
  'Công tác giáo dục và đào tạo có chuyển biến tích cực; tỷ lệ huy động trẻ em trong độ tuổi đến trường đạt trên 98%; duy trì vững chắc kết quả phổ cập giáo dục các cấp học.',
  'Thu ngân sách nhà nước trên địa bàn ước đạt 12.300 triệu đồng, bằng 108,5% dự toán tỉnh giao; chi ngân sách bảo đảm đúng dự toán, tiết kiệm, hiệu quả.',
  'Tỷ lệ hộ nghèo giảm 4,2% so với năm 2025; các chính sách an sinh xã hội, hỗ trợ đồng bào dân tộc thiểu số được triển khai đầy đủ, kịp thời, đúng đối tượng.',
  'Quốc phòng, an ninh được giữ vững; trật tự, an toàn xã hội được bảo đảm; công tác tiếp công dân, giải quyết khiếu nại, tố cáo được thực hiện đúng quy định.',
  'Tuy nhiên, một số chỉ tiêu chưa đạt kế hoạch; tiến độ giải ngân vốn đầu tư công còn chậm; chất lượng nguồn nhân lực còn hạn chế; đời sống của một bộ phận nhân dân còn nhiều khó khăn.',
];

interface DemoDoc {
  readonly file: string;
  readonly issuer: Issuer;
  readonly number: string;
  readonly title: readonly string[];
  readonly body: (w: Writer) => void;
  readonly signer: readonly [string, string];
  readonly bigPageNumbers?: boolean;
}

function sections(w: Writer, heads: readonly string[], paragraphsPer: number, offset: number): void {
  heads.forEach((h, i) => {
    w.paragraph(`${toRoman(i + 1)}. ${h}`, 12, true);
    for (let k = 0; k < paragraphsPer; k++) w.paragraph(`${k + 1}. ${REPORT[(i * paragraphsPer + k + offset) % REPORT.length] ?? ''}`);
  });
}

const toRoman = (n: number): string => ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'][n - 1] ?? String(n);

function budgetRows(n: number, scale: number): string[][] {
  const items = ['Chi đầu tư phát triển', 'Chi sự nghiệp giáo dục', 'Chi sự nghiệp y tế', 'Chi sự nghiệp kinh tế', 'Chi đảm bảo xã hội', 'Chi quản lý hành chính', 'Chi quốc phòng', 'Chi an ninh', 'Chi sự nghiệp văn hóa', 'Dự phòng ngân sách'];
  return Array.from({ length: n }, (_, i) => {
    const base = ((i * 7919 + scale * 104729) % 90000) + 1200;
    return [String(i + 1), items[i % items.length] ?? '', fmt(base), fmt(Math.round(base * 1.08)), `${(108 - (i % 5)).toString()}%`];
  });
}

const fmt = (n: number): string => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');

function resolutionBody(topic: string): (w: Writer) => void {
  return (w) => {
    w.paragraph('HỘI ĐỒNG NHÂN DÂN XÃ NẬM PỒ KHÓA I, KỲ HỌP THỨ HAI', 12, true);
    w.paragraph('Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025; Luật Ngân sách nhà nước và các văn bản hướng dẫn thi hành;');
    w.paragraph(`Xét Tờ trình của Ủy ban nhân dân xã về ${topic}; Báo cáo thẩm tra của các Ban Hội đồng nhân dân xã; ý kiến thảo luận của đại biểu Hội đồng nhân dân xã tại kỳ họp.`);
    w.paragraph('QUYẾT NGHỊ:', 12, true);
    for (let i = 1; i <= 4; i++) w.paragraph(`Điều ${i}. ${REPORT[(i + topic.length) % REPORT.length] ?? ''}`);
    w.paragraph('Nghị quyết này đã được Hội đồng nhân dân xã Nậm Pồ khóa I, nhiệm kỳ 2026 - 2031, kỳ họp thứ Hai thông qua ngày 06 tháng 12 năm 2026 và có hiệu lực từ ngày thông qua.');
  };
}

function petitionsPage(w: Writer, page: number): void {
  w.gap(40);
  w.paragraph(`Phần ${Math.ceil(page / 20)}. Ý kiến, kiến nghị của cử tri bản ${VILLAGES[(page - 1) % VILLAGES.length] ?? ''}`, 12, true);
  for (let k = 0; k < 4; k++) {
    const n = (page - 1) * 4 + k + 1;
    const field = FIELDS[(page + k) % FIELDS.length] ?? '';
    w.paragraph(`${n}. Lĩnh vực ${field}. Cử tri tổ ${(n % 17) + 1} bản ${VILLAGES[(page + k) % VILLAGES.length] ?? ''}: ${PETITIONS[(page * 3 + k) % PETITIONS.length] ?? ''}`);
  }
  table(w, ['STT', 'Lĩnh vực', 'Số kiến nghị', 'Cơ quan giải quyết'], [40, 150, 90, 200], [
    [String(page), FIELDS[page % FIELDS.length] ?? '', String((page * 13) % 29 + 1), page % 2 === 0 ? 'UBND xã' : 'Phòng chuyên môn'],
  ]);
}

const SIGN_UBND: readonly [string, string] = ['TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH', 'Cà Văn Tiến'];
const SIGN_HDND: readonly [string, string] = ['CHỦ TỊCH', 'Lò Văn Thắng'];

const DOCS: readonly DemoDoc[] = [
  {
    file: 'chuong-trinh.pdf', issuer: HDND, number: '112/CTr-HĐND', title: ['CHƯƠNG TRÌNH', 'Kỳ họp thứ Hai, Hội đồng nhân dân xã khóa I'], signer: SIGN_HDND,
    body: (w) => table(w, ['Thời gian', 'Nội dung', 'Người trình bày'], [90, 260, 133], [
      ['07 giờ 30', 'Khai mạc kỳ họp', 'Chủ tọa'], ['08 giờ 00', 'Báo cáo kinh tế - xã hội năm 2026', 'Phó Chủ tịch UBND'], ['09 giờ 00', 'Báo cáo thẩm tra', 'Trưởng Ban KT-NS'],
      ['09 giờ 30', 'Thảo luận tại tổ', 'Các tổ đại biểu'], ['14 giờ 00', 'Dự toán ngân sách năm 2027', 'Trưởng phòng Kinh tế'], ['15 giờ 30', 'Chất vấn và trả lời chất vấn', 'Chủ tọa'],
      ['Ngày 06/12', 'Phiên họp kín: công tác nhân sự', 'Chủ tọa'], ['Ngày 06/12', 'Thông qua nghị quyết, bế mạc', 'Chủ tịch HĐND'],
    ]),
  },
  { file: 'noi-quy-ky-hop.pdf', issuer: HDND, number: '15/NQ-HĐND', title: ['NỘI QUY KỲ HỌP', 'Hội đồng nhân dân xã Nậm Pồ'], signer: SIGN_HDND,
    body: (w) => ['Đại biểu có mặt đúng giờ, mặc trang phục lịch sự; trường hợp vắng mặt phải báo cáo Chủ tọa và nêu rõ lý do.', 'Đại biểu đăng ký phát biểu qua hệ thống; thời gian mỗi lần phát biểu không quá 07 phút, tranh luận không quá 03 phút.', 'Tài liệu mật chỉ được đọc trên thiết bị của đại biểu có tên; không sao chụp, không chuyển cho người khác.', 'Đại biểu biểu quyết bằng hệ thống: Tán thành, Không tán thành hoặc Không biểu quyết.'].forEach((t, i) => w.paragraph(`Điều ${i + 1}. ${t}`)) },
  { file: 'bao-cao/bao-cao-kinh-te-xa-hoi-2026.pdf', issuer: UBND, number: '398/BC-UBND', title: ['BÁO CÁO', 'Tình hình kinh tế - xã hội năm 2026,', 'phương hướng, nhiệm vụ năm 2027'], signer: SIGN_UBND,
    body: (w) => sections(w, ['KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2026', 'TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN', 'PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027', 'GIẢI PHÁP CHỦ YẾU'], 5, 0) },
  { file: 'bao-cao/bao-cao-tham-tra-kinh-te-xa-hoi.pdf', issuer: ['HĐND XÃ NẬM PỒ', 'BAN KINH TẾ - NGÂN SÁCH'], number: '41/BC-KTNS', title: ['BÁO CÁO THẨM TRA', 'Báo cáo tình hình kinh tế - xã hội năm 2026'], signer: ['TM. BAN KINH TẾ - NGÂN SÁCH / TRƯỞNG BAN', 'Vàng A Chư'],
    body: (w) => sections(w, ['KHÁI QUÁT HOẠT ĐỘNG THẨM TRA', 'Ý KIẾN THẨM TRA', 'KIẾN NGHỊ'], 2, 3) },
  { file: 'du-thao/nghi-quyet-kinh-te-xa-hoi-2027.pdf', issuer: HDND, number: '    /NQ-HĐND (Dự thảo)', title: ['NGHỊ QUYẾT', 'Về nhiệm vụ phát triển kinh tế - xã hội năm 2027'], signer: SIGN_HDND,
    body: resolutionBody('nhiệm vụ phát triển kinh tế - xã hội năm 2027') },
  { file: 'to-trinh/to-trinh-du-toan-ngan-sach-2027.pdf', issuer: UBND, number: '402/TTr-UBND', title: ['TỜ TRÌNH', 'Về dự toán thu ngân sách nhà nước trên địa bàn,', 'chi ngân sách địa phương năm 2027'], signer: SIGN_UBND,
    body: (w) => {
      w.paragraph('Kính gửi: Hội đồng nhân dân xã Nậm Pồ khóa I, kỳ họp thứ Hai.', 11, true);
      sections(w, ['CĂN CỨ XÂY DỰNG DỰ TOÁN', 'DỰ TOÁN THU, CHI NGÂN SÁCH NĂM 2027'], 2, 3);
      table(w, ['STT', 'Nội dung', 'Ước 2026 (tr.đ)', 'Dự toán 2027', 'So sánh'], [35, 190, 90, 90, 78], budgetRows(10, 1));
    } },
  { file: 'phu-luc/phu-luc-du-toan-ngan-sach-2027.pdf', issuer: UBND, number: 'Kèm theo Tờ trình 402/TTr-UBND', title: ['PHỤ LỤC', 'Các biểu dự toán ngân sách năm 2027'], signer: SIGN_UBND,
    body: (w) => VILLAGES.forEach((c, i) => {
      w.paragraph(`Biểu số ${i + 1}: Dự toán chi ngân sách năm 2027 tại bản ${c}`, 11, true);
      table(w, ['STT', 'Nội dung', 'Ước 2026 (tr.đ)', 'Dự toán 2027', 'So sánh'], [35, 190, 90, 90, 78], budgetRows(8, i + 2));
    }) },
  { file: 'du-thao/nghi-quyet-du-toan-ngan-sach-2027.pdf', issuer: HDND, number: '    /NQ-HĐND (Dự thảo)', title: ['NGHỊ QUYẾT', 'Về dự toán ngân sách địa phương và phân bổ', 'ngân sách xã năm 2027'], signer: SIGN_HDND,
    body: resolutionBody('dự toán ngân sách địa phương và phân bổ ngân sách xã năm 2027') },
  { file: 'to-trinh/to-trinh-dau-tu-cong-2027.pdf', issuer: UBND, number: '405/TTr-UBND', title: ['TỜ TRÌNH', 'Về kế hoạch đầu tư công năm 2027'], signer: SIGN_UBND,
    body: (w) => {
      w.paragraph('Kính gửi: Hội đồng nhân dân xã Nậm Pồ khóa I, kỳ họp thứ Hai.', 11, true);
      sections(w, ['TÌNH HÌNH THỰC HIỆN KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2026', 'KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2027'], 2, 1);
      table(w, ['STT', 'Công trình', 'Địa điểm', 'Vốn (tr.đ)', 'Khởi công'], [35, 200, 100, 80, 68],
        VILLAGES.slice(0, 9).map((c, i) => [String(i + 1), `${FIELDS[i] ?? ''}: công trình số ${i + 1}`, `Bản ${c}`, fmt(2500 + i * 730), '2027']));
    } },
  { file: 'cu-tri/tong-hop-kien-nghi-cu-tri.pdf', issuer: ['ỦY BAN MTTQ VIỆT NAM', 'XÃ NẬM PỒ'], number: '87/BC-MTTQ', title: ['BÁO CÁO', 'Tổng hợp ý kiến, kiến nghị của cử tri', 'trước kỳ họp thứ Hai'], signer: ['TM. BAN THƯỜNG TRỰC / CHỦ TỊCH', 'Hoàng Văn Nam'], bigPageNumbers: true,
    body: (w) => {
      w.paragraph('Thực hiện kế hoạch tiếp xúc cử tri trước kỳ họp thứ Hai, các tổ đại biểu đã tiếp xúc cử tri tại 15 bản. Ban Thường trực Ủy ban MTTQ Việt Nam xã tổng hợp ý kiến, kiến nghị như sau.');
      for (let p = 2; p <= 299; p++) {
        w.newPage();
        petitionsPage(w, p);
      }
      w.newPage();
      w.gap(40);
    } },
  { file: 'cu-tri/ket-qua-giai-quyet-kien-nghi.pdf', issuer: UBND, number: '399/BC-UBND', title: ['BÁO CÁO', 'Kết quả giải quyết ý kiến, kiến nghị của cử tri', 'gửi đến kỳ họp thứ Nhất'], signer: SIGN_UBND,
    body: (w) => table(w, ['STT', 'Kiến nghị', 'Bản', 'Kết quả'], [35, 250, 90, 108],
      PETITIONS.map((p, i) => [String(i + 1), p, VILLAGES[i] ?? '', i % 3 === 0 ? 'Đang giải quyết' : 'Đã giải quyết'])) },
  { file: 'mat/to-trinh-nhan-su.pdf', issuer: HDND, number: '17/TTr-HĐND (MẬT)', title: ['TỜ TRÌNH', 'Về việc miễn nhiệm và bầu bổ sung chức danh', 'Ủy viên Ủy ban nhân dân xã'], signer: SIGN_HDND,
    body: (w) => {
      w.paragraph('TÀI LIỆU MẬT - CHỈ LƯU HÀNH TRONG PHIÊN HỌP KÍN', 12, true);
      w.paragraph('Căn cứ đề nghị của Ban Thường vụ Đảng ủy xã về công tác cán bộ, Thường trực Hội đồng nhân dân xã trình Hội đồng nhân dân xã xem xét miễn nhiệm chức danh Ủy viên Ủy ban nhân dân xã đối với ông Tòng Văn Minh do điều động, luân chuyển công tác.');
      w.paragraph('Đồng thời giới thiệu ông Phạm Văn Hùng, Chánh Văn phòng HĐND và UBND xã, để Hội đồng nhân dân xã bầu bổ sung chức danh Ủy viên Ủy ban nhân dân xã nhiệm kỳ 2026 - 2031. Việc bầu thực hiện bằng hình thức bỏ phiếu kín.');
    } },
];

async function buildDoc(spec: DemoDoc, fontBytes: { regular: Uint8Array; bold: Uint8Array }): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const fonts: Fonts = {
    regular: await doc.embedFont(fontBytes.regular, { subset: true, customName: 'PCNOTO+NotoSans-Regular' }),
    bold: await doc.embedFont(fontBytes.bold, { subset: true, customName: 'PCNOTB+NotoSans-Bold' }),
  };
  const w = new Writer(doc, fonts);
  if (spec.bigPageNumbers === true) w.gap(40);
  officialHeader(w, spec.issuer, spec.number);
  title(w, spec.title);
  spec.body(w);
  signature(w, spec.signer[0], spec.signer[1]);
  pageNumbers(doc, fonts, spec.bigPageNumbers === true);
  setMetadata(doc, spec.title.join(' '));
  return doc.save({ useObjectStreams: true });
}

function setMetadata(doc: PDFDocument, title: string): void {
  doc.setTitle(title);
  doc.setAuthor('Hội đồng nhân dân xã Nậm Pồ (dữ liệu mẫu / demo data)');
  doc.setProducer('Paperless Council scripts/generate-demo.ts');
  doc.setCreator('pdf-lib');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
}

async function main(): Promise<void> {
  const fontDir = path.join(ROOT, 'resources', 'fonts');
  const fontBytes = {
    regular: new Uint8Array(await readFile(path.join(fontDir, 'NotoSans-Regular.ttf'))),
    bold: new Uint8Array(await readFile(path.join(fontDir, 'NotoSans-Bold.ttf'))),
  };
  let total = 0;
  for (const spec of DOCS) {
    const bytes = await buildDoc(spec, fontBytes);
    const file = path.join(OUT, spec.file);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
    total += bytes.length;
    console.log(`${spec.file}\t${bytes.length} bytes`);
  }
  console.log(`${DOCS.length} documents, ${total} bytes`);
}

await main();
