import { copyFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CouncilError } from '../../../common/result.ts';
import { validateMeetingFolder } from '../../../main/services/publish/validate.ts';
import { makeMeeting, makePdf, tempDir, type TempMeeting } from './fixtures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO = path.join(ROOT, 'resources', 'demo-meeting');
const LOCKED_PDF = path.join(ROOT, 'tests', 'fixtures', 'pdfs', 'password-protected.pdf');

async function problemsOf(dir: string): Promise<string[]> {
  try {
    await validateMeetingFolder(dir);
  } catch (e) {
    if (e instanceof CouncilError && e.code === 'MEETING_INVALID') return [...(e.details ?? [])];
    throw e;
  }
  throw new Error('expected MEETING_INVALID');
}

let meeting: TempMeeting | undefined;
afterEach(async () => {
  await meeting?.cleanup();
  meeting = undefined;
});

describe('validateMeetingFolder', () => {
  it('accepts the demo meeting', async () => {
    const v = await validateMeetingFolder(DEMO);
    expect(v.documents).toHaveLength(13);
    expect(v.delegates).toHaveLength(32);
    expect(v.delegates.filter((d) => d.role === 'chair' || d.role === 'delegate')).toHaveLength(30);
    const big = v.documents.find((d) => d.spec.kind === 'kien-nghi-cu-tri');
    expect(big?.pages).toBe(300);
    const confidential = v.documents.filter((d) => d.spec.confidential === true);
    expect(confidential.map((d) => d.spec.readers)).toEqual([['d02', 'd07']]);
    expect(v.documents.every((d) => /^[0-9a-f]{64}$/.test(d.sha256))).toBe(true);
  });

  it('accepts a small valid folder and keeps agenda order', async () => {
    meeting = await makeMeeting();
    const v = await validateMeetingFolder(meeting.dir);
    expect(v.documents.map((d) => [d.file, d.agendaPath.join('.'), d.pages])).toEqual([
      ['chuong-trinh.pdf', '0', 1],
      ['bao-cao/kt-xh.pdf', '1.0', 3],
      ['mat/nhan-su.pdf', '1.1', 2],
    ]);
  });

  it('reports every problem at once, each as file:line', async () => {
    meeting = await makeMeeting();
    await meeting.write('meeting.json', BROKEN_MEETING);
    await meeting.write('delegates.csv', BROKEN_DELEGATES);
    await meeting.write('notpdf.pdf', 'Đây là tệp Word, không phải PDF');
    await copyFile(LOCKED_PDF, path.join(meeting.dir, 'locked.pdf'));
    await meeting.write('broken.pdf', '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
    for (const f of ['ok.pdf', 'secret.pdf', 'secret2.pdf']) await meeting.write(f, await makePdf(1, f));
    const problems = await problemsOf(meeting.dir);
    expect(problems).toEqual([
      expect.stringMatching(/^delegates\.csv:3: .*duplicate id "d01" \(first on line 2\)/),
      expect.stringMatching(/^delegates\.csv:4: .*invalid id/),
      expect.stringMatching(/^delegates\.csv:5: .*invalid role/),
      expect.stringMatching(/^delegates\.csv:6: .*expected 6 columns, found 5/),
      expect.stringMatching(/^delegates\.csv:7: .*name is empty/),
      expect.stringMatching(/^meeting\.json:6: .*totalDelegates is smaller than the 3 voting members/),
      expect.stringMatching(/^meeting\.json:11: .*file not found: missing\.pdf/),
      expect.stringMatching(/^meeting\.json:12: .*outside the meeting folder/),
      expect.stringMatching(/^meeting\.json:13: .*is not a PDF/),
      expect.stringMatching(/^meeting\.json:14: .*password-protected/),
      expect.stringMatching(/^meeting\.json:15: .*damaged/),
      expect.stringMatching(/^meeting\.json:16: .*"readers" is only for confidential documents/),
      expect.stringMatching(/^meeting\.json:17: .*already listed on line 16/),
      expect.stringMatching(/^meeting\.json:23: .*confidential document needs "readers"/),
      expect.stringMatching(/^meeting\.json:25: .*reader "nobody" is not in delegates\.csv/),
      expect.stringMatching(/^meeting\.json:25: .*"hall" is an observer/),
    ]);
  });

  it('reports schema errors with paths and lines, together with file problems', async () => {
    meeting = await makeMeeting();
    await meeting.write('meeting.json', SCHEMA_ERRORS);
    const problems = await problemsOf(meeting.dir);
    expect(problems).toEqual([
      expect.stringMatching(/^meeting\.json:2: title: .*must not be empty/),
      expect.stringMatching(/^meeting\.json:4: startsAt: .*2026-12-05T07:30:00\+07:00/),
      expect.stringMatching(/^meeting\.json:5: totalDelegates: .*wrong type/),
      expect.stringMatching(/^meeting\.json:8: agenda\[0\]\.documents\[0\]: .*unknown field \(typo\?\): confidental/),
      expect.stringMatching(/^meeting\.json:8: .*file not found: missing\.pdf/),
      expect.stringMatching(/^meeting\.json:9: agenda\[0\]\.documents\[0\]\.kind: giá trị "nghi-quyet" .*allowed: chuong-trinh, to-trinh/),
      expect.stringMatching(/^meeting\.json:10: .*already listed on line 8/),
      expect.stringMatching(/^meeting\.json:12: agenda\[0\]\.items\[0\]\.title: .*required field is missing/),
    ]);
  });

  it('reports invalid JSON with its line', async () => {
    meeting = await makeMeeting();
    await meeting.write('meeting.json', '{\n  "title": "A",\n  "body": "B",\n}\n');
    expect(await problemsOf(meeting.dir)).toEqual([expect.stringMatching(/^meeting\.json:4: JSON không hợp lệ: .*invalid JSON/)]);
  });

  it('reports missing meeting.json and delegates.csv', async () => {
    const t = await tempDir();
    try {
      expect(await problemsOf(t.dir)).toEqual([expect.stringMatching(/^delegates\.csv: .*not found/), expect.stringMatching(/^meeting\.json: .*not found/)]);
    } finally {
      await t.cleanup();
    }
  });

  it('refuses a symbolic link that leaves the folder', async () => {
    meeting = await makeMeeting();
    const outside = await tempDir();
    try {
      await writeFile(path.join(outside.dir, 'x.pdf'), await makePdf(1, 'outside'));
      await symlink(path.join(outside.dir, 'x.pdf'), path.join(meeting.dir, 'chuong-trinh-link.pdf'));
      const m = JSON.parse(JSON.stringify(await import('./fixtures.ts').then((f) => f.MEETING))) as { agenda: { documents: { file: string }[] }[] };
      const first = m.agenda[0]?.documents[0];
      if (first) first.file = 'chuong-trinh-link.pdf';
      await meeting.write('meeting.json', JSON.stringify(m, null, 2));
      expect(await problemsOf(meeting.dir)).toEqual([expect.stringMatching(/^meeting\.json:\d+: .*links outside the meeting folder/)]);
    } finally {
      await outside.cleanup();
    }
  });
});

const BROKEN_MEETING = `{
  "title": "Kỳ họp",
  "body": "HĐND",
  "startsAt": "2026-12-05T07:30:00+07:00",
  "place": "Hội trường",
  "totalDelegates": 2,
  "agenda": [
    {
      "title": "Mục 1",
      "documents": [
        { "file": "missing.pdf", "title": "A", "kind": "bao-cao" },
        { "file": "../outside.pdf", "title": "B", "kind": "bao-cao" },
        { "file": "notpdf.pdf", "title": "C", "kind": "bao-cao" },
        { "file": "locked.pdf", "title": "D", "kind": "bao-cao" },
        { "file": "broken.pdf", "title": "E", "kind": "bao-cao" },
        { "file": "ok.pdf", "title": "F", "kind": "bao-cao", "readers": ["d02"] },
        { "file": "./ok.pdf", "title": "G", "kind": "bao-cao" }
      ],
      "items": [
        {
          "title": "Mục 1.1",
          "documents": [
            { "file": "secret.pdf", "title": "H", "kind": "to-trinh", "confidential": true },
            { "file": "secret2.pdf", "title": "I", "kind": "to-trinh", "confidential": true,
              "readers": ["d02", "nobody", "hall"] }
          ]
        }
      ]
    }
  ]
}
`;

const BROKEN_DELEGATES = [
  'id,name,position,unit,group,role',
  'd01,Lò Văn Thắng,Chủ tịch,,Tổ 1,chair',
  'd01,Giàng Thị Mai,,,Tổ 1,delegate',
  'đ03,Vàng A Chư,,,Tổ 1,delegate',
  'd04,Lường Thị Hoa,,,Tổ 1,member',
  'd05,Sùng A Páo,,Tổ 2,delegate',
  'd06,,,,Tổ 2,delegate',
  'd02,Trần Minh Đức,,,Tổ 2,delegate',
  'hall,Màn hình hội trường,,,,observer',
].join('\n');

const SCHEMA_ERRORS = `{
  "title": "",
  "body": "HĐND",
  "startsAt": "5/12/2026 7:30",
  "totalDelegates": "30",
  "place": "Hội trường",
  "agenda": [
    { "title": "Mục 1", "documents": [ { "file": "missing.pdf", "title": "A", "confidental": true,
        "kind": "nghi-quyet" },
      { "file": "missing.pdf",
        "title": "B", "kind": "bao-cao" } ],
      "items": [ { "presenter": "X" } ] }
  ]
}
`;
