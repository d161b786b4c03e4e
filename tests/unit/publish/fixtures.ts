// Meeting folders for the publish tests, generated into temp dirs (STYLE.md rule 15).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';

export async function makePdf(pages: number, label: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage().drawText(`${label} - page ${i}/${pages}`, { x: 50, y: 700, size: 18, font });
  doc.setCreationDate(new Date('2026-11-20T00:00:00Z'));
  doc.setModificationDate(new Date('2026-11-20T00:00:00Z'));
  return doc.save();
}

export const DELEGATES_CSV = [
  'id,name,position,unit,group,role',
  'd01,Lò Văn Thắng,Chủ tịch HĐND,Thường trực,Tổ 1,chair',
  'd02,Giàng Thị Mai,Phó Chủ tịch,Thường trực,Tổ 1,delegate',
  'd03,"Nguyễn Văn ""Ba""",Đại biểu,"Xã Nà Hỳ, huyện Nậm Pồ",Tổ 2,delegate',
  'tk01,Nguyễn Thị Lan,Thư ký,Văn phòng,,secretary',
  'hall,Màn hình hội trường,,Hội trường,,observer',
].join('\r\n');

export const MEETING = {
  title: 'Kỳ họp thử nghiệm',
  body: 'Hội đồng nhân dân huyện Nậm Pồ',
  startsAt: '2026-12-05T07:30:00+07:00',
  place: 'Hội trường UBND huyện',
  totalDelegates: 3,
  agenda: [
    { title: 'Khai mạc', presenter: 'Chủ tọa', minutes: 10, documents: [{ file: 'chuong-trinh.pdf', title: 'Chương trình', kind: 'chuong-trinh' }] },
    {
      title: 'Báo cáo',
      items: [
        { title: 'Báo cáo KT-XH', documents: [{ file: 'bao-cao/kt-xh.pdf', title: 'Báo cáo KT-XH', kind: 'bao-cao' }] },
        { title: 'Nhân sự', documents: [{ file: 'mat/nhan-su.pdf', title: 'Tờ trình nhân sự', kind: 'to-trinh', confidential: true, readers: ['d02'] }] },
      ],
    },
  ],
};

export interface TempMeeting {
  readonly dir: string;
  write(file: string, data: string | Uint8Array): Promise<void>;
  cleanup(): Promise<void>;
}

export async function tempDir(prefix = 'council-publish-'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A valid small meeting folder: 3 PDFs (one confidential, readable by d02), 5 members. */
export async function makeMeeting(): Promise<TempMeeting> {
  const { dir, cleanup } = await tempDir();
  const write = async (file: string, data: string | Uint8Array): Promise<void> => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), data);
  };
  await write('meeting.json', JSON.stringify(MEETING, null, 2));
  await write('delegates.csv', DELEGATES_CSV);
  await write('chuong-trinh.pdf', await makePdf(1, 'Chuong trinh'));
  await write('bao-cao/kt-xh.pdf', await makePdf(3, 'Bao cao'));
  await write('mat/nhan-su.pdf', await makePdf(2, 'Nhan su'));
  return { dir, write, cleanup };
}
