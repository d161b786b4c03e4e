// The app's small settings file in userData: language, last open document, window bounds. Everything read
// back is validated; a damaged or foreign file yields the defaults rather than a crash.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Settings } from '../../../../common/api/ipc.ts';

export const SETTINGS_FILE_NAME = 'settings.json';
export const SETTINGS_VERSION = 1;
const MIN_WINDOW = 400;
const MAX_WINDOW = 20_000;
const MAX_ID = 40;

export const windowBoundsSchema = z.object({
  x: z.number().int().min(-MAX_WINDOW).max(MAX_WINDOW),
  y: z.number().int().min(-MAX_WINDOW).max(MAX_WINDOW),
  width: z.number().int().min(MIN_WINDOW).max(MAX_WINDOW),
  height: z.number().int().min(MIN_WINDOW).max(MAX_WINDOW),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof windowBoundsSchema>;

const idSchema = z.string().regex(/^[A-Za-z0-9_-]+$/).max(MAX_ID);
export const lastDocumentSchema = z.object({ meetingId: idSchema, documentId: idSchema, page: z.number().int().min(1).max(100_000) });
export const langSchema = z.enum(['vi', 'en']);

/** What the renderer may change (saveSettings); strict, so unknown keys are refused, not stored. */
export const settingsPatchSchema = z.strictObject({ language: langSchema.optional(), lastDocument: lastDocumentSchema.optional() });

const storedSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  language: langSchema.catch('vi'),
  lastDocument: lastDocumentSchema.optional().catch(undefined),
  window: windowBoundsSchema.optional().catch(undefined),
});
export type StoredSettings = z.infer<typeof storedSchema>;

export const DEFAULT_SETTINGS: StoredSettings = { version: SETTINGS_VERSION, language: 'vi' };

/** Parses the file's text; any field that is wrong falls back to its default, a wrong file to all defaults. */
export function parseSettings(text: string | undefined): StoredSettings {
  if (text === undefined) return DEFAULT_SETTINGS;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return DEFAULT_SETTINGS;
  }
  const r = storedSchema.safeParse(json);
  return r.success ? dropUndefined(r.data) : DEFAULT_SETTINGS;
}

function dropUndefined(s: StoredSettings): StoredSettings {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as StoredSettings;
}

export function publicSettings(s: StoredSettings): Settings {
  return s.lastDocument ? { language: s.language, lastDocument: s.lastDocument } : { language: s.language };
}

export function applyPatch(s: StoredSettings, patch: Partial<Settings>): StoredSettings {
  return dropUndefined({ ...s, ...patch });
}

/** Bounds are restored only when most of the window would land on a screen that exists now. */
export function boundsOnScreen(b: WindowBounds, screens: readonly { x: number; y: number; width: number; height: number }[]): boolean {
  return screens.some((s) => {
    const w = Math.min(b.x + b.width, s.x + s.width) - Math.max(b.x, s.x);
    const h = Math.min(b.y + b.height, s.y + s.height) - Math.max(b.y, s.y);
    return w > 0 && h > 0 && w * h >= (b.width * b.height) / 2;
  });
}

export function readSettingsFile(dir: string): StoredSettings {
  try {
    return parseSettings(readFileSync(join(dir, SETTINGS_FILE_NAME), 'utf8'));
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** Write-then-rename, so a crash never leaves half a file. */
export function writeSettingsFile(dir: string, s: StoredSettings): void {
  const file = join(dir, SETTINGS_FILE_NAME);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
