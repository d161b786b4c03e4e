// The console's pieces on their own: the delegates import from CSV with Vietnamese words, the file checks, the
// key backup's file format, and the collab-server's admin follow route (real server on port 0).
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ADMIN_HEADER } from '../../../common/api/http.ts';
import { openServerDb } from '../../../collab-server/store/db.ts';
import { followMembers, recordDownload } from '../../../collab-server/store/followQueries.ts';
import { insertMeeting, insertMember } from '../../../collab-server/store/packQueries.ts';
import { pathTo, ROUTES } from '../../../common/api/routes.ts';
import { importDelegates } from '../../../main/services/console/delegatesImport.ts';
import { acceptPdf, isWordFile } from '../../../main/services/console/fileChecks.ts';
import { openBackup, sealBackup } from '../../../main/services/console/keysBackup.ts';
import { PDFDocument } from 'pdf-lib';
import { CONSOLE_ROUTES, type AttachedFile, type Draft, type Job, type NewClerkPass } from '../../../common/api/console.ts';
import { startConsoleServer } from '../../../main/services/console/server.ts';
import { ADMIN_TOKEN, Client, makePdf, startEnv, until } from './helpers.ts';

describe('console pieces', () => {
  it('reads a CSV with Vietnamese headers and role words; an unknown role and an empty name are reported with their column', async () => {
    const csv = ['Mã,Họ và tên,Chức vụ,Đơn vị,Tổ,Vai trò', 'd01,Lò Văn Thắng,Chủ tịch,Thường trực,Tổ 1,Chủ tọa', 'd02,,Đại biểu,Xã A,Tổ 1,Đại biểu', 'd03,Vàng A Chư,Đại biểu,Xã B,Tổ 2,Phó ban'].join('\n');
    const r = await importDelegates(new TextEncoder().encode(csv), 'dai-bieu.csv');
    expect(r.delegates.map((d) => [d.id, d.role])).toEqual([
      ['d01', 'chair'],
      ['d02', 'delegate'],
      ['d03', 'delegate'],
    ]);
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'DELEGATE_NO_NAME', line: 3, column: 'B (Họ và tên)' }),
      expect.objectContaining({ code: 'DELEGATE_BAD_ROLE', line: 4, column: 'F (Vai trò)' }),
    ]);
  });

  it('finds the header below a title row of an .xlsx and keeps the sheet row numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS');
    ws.addRow(['DANH SÁCH ĐẠI BIỂU HĐND XÃ']);
    ws.addRow([]);
    ws.addRow(['Mã', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Tổ', 'Vai trò']);
    ws.addRow(['d01', 'Lò Văn Thắng', 'Chủ tịch', 'Thường trực', 'Tổ 1', 'Chủ tọa']);
    ws.addRow(['d02', 'Giàng Thị Mai', 'Đại biểu', 'Xã A', 'Tổ 1', 'Phó ban']);
    ws.addRow(['t01', 'Nguyễn Thu Hà', 'Chuyên viên', 'Văn phòng', '', 'Thư kí']);
    const r = await importDelegates(new Uint8Array(await wb.xlsx.writeBuffer()), 'ds.xlsx');
    expect(r.delegates.map((d) => [d.id, d.role])).toEqual([
      ['d01', 'chair'],
      ['d02', 'delegate'],
      ['t01', 'secretary'],
    ]);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'DELEGATE_BAD_ROLE', line: 5, column: 'F (Vai trò)' })]);
  });

  it('tells a Word file from a PDF and accepts a real PDF', async () => {
    expect(isWordFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'to-trinh.docx')).toBe(true);
    await expect(acceptPdf(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'to-trinh.docx')).rejects.toMatchObject({ code: 'FILE_REJECTED', details: ['FILE_WORD_DOCUMENT'] });
    await expect(acceptPdf(new TextEncoder().encode('hello'), 'a.pdf')).rejects.toMatchObject({ details: ['DOCUMENT_NOT_PDF'] });
    expect(await acceptPdf(await makePdf('x', 2), 'a.pdf')).toBe(2);
  });

  it('opens its own key backup with the passphrase only, and refuses a tampered header', async () => {
    const sealed = await sealBackup(new TextEncoder().encode('{"k":1}'), 'm1', 'một mật khẩu dài');
    expect(new TextDecoder().decode((await openBackup(sealed, 'một mật khẩu dài')).plaintext)).toBe('{"k":1}');
    await expect(openBackup(sealed, 'sai')).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
    const tampered = new TextEncoder().encode(new TextDecoder().decode(sealed).replace('"m1"', '"m2"'));
    await expect(openBackup(tampered, 'một mật khẩu dài')).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
  });

  it('warns of scanned pages (no text layer: OCR at publish) when a PDF is attached; refuses one over the limit, saying both sizes', async () => {
    const env = await startEnv({ adminToken: true, maxUploadBytes: 20 * 1024 });
    try {
      const c = new Client(env.console.url);
      await c.value('POST', CONSOLE_ROUTES.session, { json: { token: ADMIN_TOKEN } });
      const draft = await c.value<Draft>('POST', CONSOLE_ROUTES.drafts, { json: { title: 'K', body: 'HĐND', startsAt: '2026-12-05T07:30:00+07:00', place: 'H', totalDelegates: 1 } });
      const blank = await PDFDocument.create();
      blank.addPage();
      blank.addPage();
      const route = `${pathTo(CONSOLE_ROUTES.files, { draftId: draft.draftId })}?name=scan.pdf&itemPath=0`;
      const attached = await c.value<AttachedFile>('POST', route, { body: await blank.save() });
      expect(attached.ocrPages).toEqual([1, 2]);
      expect(attached.document.pages).toBe(2);
      const big = await c.call('POST', route.replace('scan.pdf', 'lon.pdf'), { body: await makePdf('Bao cao rat dai', 60) });
      expect(big.ok ? undefined : big.error).toMatchObject({ code: 'FILE_REJECTED', details: ['FILE_TOO_LARGE'] });
      expect(big.ok ? '' : big.error.message).toMatch(/quá lớn \(\d+ KB\), giới hạn là 20 KB/);
      // A meeting folder of this machine imports as a new draft, validated.
      const folder = (await c.value<Draft>('GET', pathTo(CONSOLE_ROUTES.draft, { draftId: draft.draftId }))).draftId;
      const copy = await c.value<Draft>('POST', CONSOLE_ROUTES.importZip, { json: { path: join(env.consoleDir, 'drafts', folder) } });
      expect(copy.documents.map((d) => d.documentId)).toEqual(['tai-lieu-scan']);
      expect(copy.problems.map((p) => p.code)).toContain('DELEGATES_NONE');
      expect(await c.value('DELETE', pathTo(CONSOLE_ROUTES.draft, { draftId: copy.draftId }))).toEqual({ deleted: true });
      expect((await c.value<{ draftId: string }[]>('GET', CONSOLE_ROUTES.drafts)).map((d) => d.draftId)).toEqual([draft.draftId]);
      // A draft with problems: the publish job fails with the validator's problems, nothing is uploaded.
      const job = await c.value<Job>('POST', pathTo(CONSOLE_ROUTES.publish, { draftId: draft.draftId }));
      const failed = await until(async () => {
        const j = await c.value<Job>('GET', pathTo(CONSOLE_ROUTES.job, { jobId: job.jobId }));
        return j.phase === 'failed' || j.phase === 'done' ? j : undefined;
      });
      expect(failed).toMatchObject({ phase: 'failed', error: { code: 'MEETING_INVALID' } });
      expect(failed.error?.details?.some((d) => d.includes('delegates.csv'))).toBe(true);
    } finally {
      await env.stop();
    }
  });

  it('answers only to its own host name (DNS rebinding) and refuses a ZIP whose paths leave the draft', async () => {
    const env = await startEnv({ adminToken: true });
    try {
      const port = new URL(env.console.url).port;
      const rebound = await new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path: CONSOLE_ROUTES.me, headers: { host: `evil.example:${port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(rebound).toBe(403);
      const c = new Client(env.console.url);
      await c.value('POST', CONSOLE_ROUTES.session, { json: { token: ADMIN_TOKEN } });
      const evil = zipSync({ 'meeting.json': new TextEncoder().encode('{}'), '../../escape.txt': new TextEncoder().encode('x') });
      const refused = await c.call('POST', CONSOLE_ROUTES.importZip, { body: evil, type: 'application/zip' });
      expect(refused.ok ? undefined : refused.error.code).toBe('BAD_REQUEST');
      expect(await c.value<unknown[]>('GET', CONSOLE_ROUTES.drafts)).toEqual([]);
      // A zipped folder (everything under one top folder) imports as well.
      const nested = await c.value<Draft>('POST', CONSOLE_ROUTES.importZip, {
        body: zipSync({ 'ky-hop/meeting.json': new TextEncoder().encode(JSON.stringify({ title: 'Kỳ họp lồng', body: 'B', startsAt: '2026-12-05T07:30:00+07:00', place: 'P', totalDelegates: 1, agenda: [{ title: 'A' }] })) }),
        type: 'application/zip',
      });
      expect(nested.meeting.title).toBe('Kỳ họp lồng');
      await c.value('DELETE', pathTo(CONSOLE_ROUTES.draft, { draftId: nested.draftId }));
      // A meeting.json naming a file outside the draft: the console never reads (nor serves, nor deletes) it.
      const outside = zipSync({
        'meeting.json': new TextEncoder().encode(JSON.stringify({ title: 'K', body: 'B', startsAt: '2026-12-05T07:30:00+07:00', place: 'P', totalDelegates: 1, agenda: [{ title: 'A', documents: [{ file: '../../../../etc/hostname', title: 'x', kind: 'khac' }] }] })),
      });
      const draft = await c.value<Draft>('POST', CONSOLE_ROUTES.importZip, { body: outside, type: 'application/zip' });
      const doc = draft.documents[0];
      expect(doc).toMatchObject({ bytes: 0, sha256: '' });
      const content = await c.call('GET', pathTo(CONSOLE_ROUTES.fileContent, { draftId: draft.draftId, documentId: doc?.documentId ?? '' }));
      expect(content.ok ? undefined : content.error.code).toBe('NOT_FOUND');
      expect(draft.problems.map((p) => p.code)).toContain('FILE_OUTSIDE_FOLDER');
    } finally {
      await env.stop();
    }
  });

  it('keeps only the newest manifest revision each member fetched (an older fetch does not overwrite it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-follow-db-'));
    const db = openServerDb(dir);
    try {
      insertMeeting(db, 'm1', 'pk', 't0');
      insertMember(db, { meetingId: 'm1', delegateId: 'd1', role: 'delegate', tokenHash: 'h1' });
      insertMember(db, { meetingId: 'm1', delegateId: 'd2', role: 'chair', tokenHash: 'h2' });
      recordDownload(db, 'm1', 'd1', 2, 't2');
      recordDownload(db, 'm1', 'd1', 1, 't3');
      expect(followMembers(db, 'm1')).toEqual([
        { delegateId: 'd1', role: 'delegate', downloadedRevision: 2, downloadedAt: 't2' },
        { delegateId: 'd2', role: 'chair' },
      ]);
      recordDownload(db, 'm1', 'd1', 3, 't4');
      expect(followMembers(db, 'm1')[0]).toMatchObject({ downloadedRevision: 3, downloadedAt: 't4' });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('after a restart, a clerk pass still logs in, but publishing waits for the admin to log in once', async () => {
    const env = await startEnv();
    try {
      const admin = new Client(env.console.url);
      await admin.value('POST', CONSOLE_ROUTES.session, { json: { token: ADMIN_TOKEN } });
      const pass = await admin.value<NewClerkPass>('POST', CONSOLE_ROUTES.passes, { json: { name: 'Thư ký' } });
      const draft = await admin.value<Draft>('POST', CONSOLE_ROUTES.drafts, { json: { title: 'K', body: 'HĐND', startsAt: '2026-12-05T07:30:00+07:00', place: 'H', totalDelegates: 1 } });
      const again = await startConsoleServer({ dataDir: env.consoleDir, server: env.collab.url, port: 0, ocr: false, log: () => undefined });
      try {
        const clerk = new Client(again.url);
        expect(await clerk.value('POST', CONSOLE_ROUTES.session, { json: { token: pass.pass } })).toMatchObject({ role: 'clerk' });
        const refused = await clerk.call('POST', pathTo(CONSOLE_ROUTES.publish, { draftId: draft.draftId }));
        expect(refused.ok ? undefined : refused.error.code).toBe('UNAUTHORIZED');
        expect(refused.ok ? '' : refused.error.message).toMatch(/Quản trị viên cần đăng nhập/);
        // The old console's session cookie means nothing to the new process.
        const old = await new Client(again.url).call('GET', CONSOLE_ROUTES.me);
        expect(old.ok).toBe(false);
      } finally {
        await again.close();
      }
    } finally {
      await env.stop();
    }
  });

  it('refuses logins for a while after ten wrong tokens in a minute', async () => {
    const env = await startEnv();
    try {
      const c = new Client(env.console.url);
      const codes: string[] = [];
      for (let i = 0; i < 11; i++) {
        const a = await c.call('POST', CONSOLE_ROUTES.session, { json: { token: `wrong-token-number-${i}-xxxxxxxx` } });
        codes.push(a.ok ? 'ok' : a.error.code);
      }
      expect(codes.slice(0, 10).every((x) => x === 'UNAUTHORIZED')).toBe(true);
      expect(codes[10]).toBe('RATE_LIMITED');
      // Even the right token waits out the minute: a guesser cannot tell when it hit.
      const right = await c.call('POST', CONSOLE_ROUTES.session, { json: { token: ADMIN_TOKEN } });
      expect(right.ok ? undefined : right.error.code).toBe('RATE_LIMITED');
    } finally {
      await env.stop();
    }
  });

  it('serves the follow route to the admin token only', async () => {
    const env = await startEnv();
    try {
      const url = `${env.collab.url}${pathTo(ROUTES.follow, { meetingId: 'nope' })}`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { [ADMIN_HEADER]: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(404);
      // The audit log of a meeting accepts the admin token too (the console writes the minutes from it).
      const audit = await fetch(`${env.collab.url}${pathTo(ROUTES.audit, { meetingId: 'nope' })}`, { headers: { [ADMIN_HEADER]: `Bearer ${ADMIN_TOKEN}` } });
      expect(audit.status).toBe(200);
    } finally {
      await env.stop();
    }
  });
});
