import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IPC_INVOKE_CHANNELS } from '../../../common/api/ipc.ts';
import { IPC_ARG_SCHEMAS, parseIpcArgs } from '../../../main/services/app/policy/ipcSchemas.ts';
import {
  applyPatch,
  boundsOnScreen,
  DEFAULT_SETTINGS,
  parseSettings,
  publicSettings,
  readSettingsFile,
  SETTINGS_FILE_NAME,
  writeSettingsFile,
} from '../../../main/services/app/policy/settingsFile.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('settings file', () => {
  it('falls back to defaults on a missing, damaged or foreign file', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('{not json')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('{"version":99,"language":"en"}')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('[]')).toEqual(DEFAULT_SETTINGS);
  });
  it('keeps good fields and drops bad ones', () => {
    const s = parseSettings(
      JSON.stringify({ version: 1, language: 'fr', lastDocument: { meetingId: 'm1', documentId: '../../x', page: 2 }, window: { x: 10, y: 10, width: 900, height: 700, maximized: false } }),
    );
    expect(s).toEqual({ version: 1, language: 'vi', window: { x: 10, y: 10, width: 900, height: 700, maximized: false } });
  });
  it('round-trips through the file, last document included', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'council-settings-'));
    dirs.push(dir);
    const next = applyPatch(DEFAULT_SETTINGS, { language: 'en', lastDocument: { meetingId: 'm1', documentId: 'to-trinh-1', page: 7 } });
    writeSettingsFile(dir, next);
    expect(publicSettings(readSettingsFile(dir))).toEqual({ language: 'en', lastDocument: { meetingId: 'm1', documentId: 'to-trinh-1', page: 7 } });
    writeFileSync(path.join(dir, SETTINGS_FILE_NAME), 'garbage');
    expect(readSettingsFile(dir)).toEqual(DEFAULT_SETTINGS);
  });
  it('restores window bounds only when they are mostly on a screen', () => {
    const screens = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(boundsOnScreen({ x: 100, y: 100, width: 800, height: 600, maximized: false }, screens)).toBe(true);
    expect(boundsOnScreen({ x: 3000, y: 100, width: 800, height: 600, maximized: false }, screens)).toBe(false);
    expect(boundsOnScreen({ x: 1700, y: 100, width: 800, height: 600, maximized: false }, screens)).toBe(false);
  });
});

describe('IPC argument schemas', () => {
  it('has a schema for every channel', () => {
    expect(Object.keys(IPC_ARG_SCHEMAS).sort()).toEqual([...IPC_INVOKE_CHANNELS].sort());
  });
  it('accepts well-formed calls', () => {
    expect(parseIpcArgs('listMeetings', []).ok).toBe(true);
    expect(parseIpcArgs('openDocument', ['m1', 'to-trinh-1']).ok).toBe(true);
    expect(parseIpcArgs('saveSettings', [{ language: 'en' }]).ok).toBe(true);
    expect(parseIpcArgs('joinMeeting', ['http://127.0.0.1:8080/join#v1.a.b.c.d']).ok).toBe(true);
    expect(parseIpcArgs('unlockKeystore', ['một mật khẩu dài']).ok).toBe(true);
  });
  it('refuses wrong types, extra arguments, unknown keys and odd ids', () => {
    const bad: [Parameters<typeof parseIpcArgs>[0], unknown[]][] = [
      ['listMeetings', ['x']],
      ['getMeeting', []],
      ['getMeeting', [42]],
      ['getMeeting', ['../vault']],
      ['openDocument', ['m1']],
      ['openDocument', ['m1', 'a b']],
      ['saveSettings', [{ language: 'fr' }]],
      ['saveSettings', [{ language: 'vi', window: { x: 0 } }]],
      ['saveSettings', [{ __proto__: { polluted: true }, lastDocument: { meetingId: 'm', documentId: 'd', page: 0 } }]],
      ['joinMeeting', ['x'.repeat(5000)]],
      ['unlockKeystore', ['short']],
      ['openExternal', [{ toString: () => 'https://vbpl.vn' }]],
    ];
    for (const [channel, args] of bad) {
      const r = parseIpcArgs(channel, args);
      expect(r.ok, `${channel} ${JSON.stringify(args)}`).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('BAD_REQUEST');
    }
  });
});
