// One ipcMain.handle per channel of common/api/ipc.ts. Each call: the sender must be our top frame on
// app://council, the arguments must pass the channel's zod schema, and the answer is a Result value.
import { ipcMain, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ipcEventName, ipcInvokeName, type IpcArgs, type IpcEventChannel, type IpcEventMap, type IpcInvokeChannel, type IpcResult } from '../../common/api/ipc.ts';
import { fail, ok, toErrorValue } from '../../common/result.ts';
import type { AppService } from '../services/app/AppService.ts';
import type { Keystore } from '../services/app/Keystore.ts';
import { parseIpcArgs } from '../services/app/policy/ipcSchemas.ts';
import { applyPatch, publicSettings, type StoredSettings } from '../services/app/policy/settingsFile.ts';
import { isTrustedExternalUrl, isTrustedSender } from '../services/app/policy/trust.ts';

export interface IpcDeps {
  readonly app: AppService;
  readonly keystore: Keystore;
  readonly settings: () => StoredSettings;
  readonly saveSettings: (s: StoredSettings) => void;
  readonly takePendingInvitation: () => string | null;
}

type Handlers = { readonly [C in IpcInvokeChannel]: (args: IpcArgs<C>, sender: WebContents) => Promise<IpcResult<C>> };

export function sendEvent<E extends IpcEventChannel>(wc: WebContents, event: E, payload: IpcEventMap[E]): void {
  if (!wc.isDestroyed()) wc.send(ipcEventName(event), payload);
}

function handlers(d: IpcDeps): Handlers {
  return {
    previewInvitation: ([link]) => d.app.previewInvitation(link),
    joinMeeting: ([link]) => d.app.joinMeeting(link),
    listMeetings: () => d.app.listMeetings(),
    getMeeting: ([id]) => d.app.getMeeting(id),
    forgetMeeting: ([id]) => d.app.forgetMeeting(id),
    startDownload: ([id], wc) => d.app.startDownload(id, (progress) => sendEvent(wc, 'downloadProgress', { meetingId: id, progress })),
    pauseDownload: async ([id]) => {
      d.app.pauseDownload(id);
      return ok(null);
    },
    checkForUpdate: ([id]) => d.app.checkForUpdate(id),
    openDocument: ([m, doc]) => d.app.openDocument(m, doc),
    search: ([query, options]) => d.app.search(query, options),
    getRecord: ([m, kind, key]) => d.app.getRecord(m, kind, key),
    putRecord: ([m, kind, key, value]) => d.app.putRecord(m, kind, key, value),
    listRecords: ([m, kind]) => d.app.listRecords(m, kind),
    liveCredentials: ([id]) => d.app.liveCredentials(id),
    noteKeys: ([id]) => d.app.noteKeys(id),
    noteLiveContact: ([id]) => d.app.noteLiveContact(id),
    getSettings: async () => ok(publicSettings(d.settings())),
    saveSettings: async ([patch]) => {
      const next = applyPatch(d.settings(), patch);
      d.saveSettings(next);
      return ok(publicSettings(next));
    },
    keystoreStatus: async () => ok(d.keystore.status()),
    unlockKeystore: async ([passphrase]) => d.keystore.unlock(passphrase).then(ok, (e: unknown) => ({ ok: false as const, error: toErrorValue(e) })),
    openExternal: async ([url]) => {
      if (!isTrustedExternalUrl(url)) return fail('FORBIDDEN', 'this address may not be opened from the app');
      await shell.openExternal(url);
      return ok(null);
    },
    takePendingInvitation: async () => ok(d.takePendingInvitation()),
  };
}

/** The sender must be the main frame of one of our windows showing app://council. */
function trusted(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isTrustedSender(frame.url);
}

export function registerIpc(d: IpcDeps): void {
  const all = handlers(d);
  for (const channel of Object.keys(all) as IpcInvokeChannel[]) {
    ipcMain.handle(ipcInvokeName(channel), async (event, ...raw: unknown[]) => {
      if (!trusted(event)) return fail('FORBIDDEN', 'untrusted sender');
      const args = parseIpcArgs(channel, raw);
      if (!args.ok) return args;
      try {
        return await (all[channel] as (a: unknown, wc: WebContents) => Promise<unknown>)(args.value, event.sender);
      } catch (e) {
        return { ok: false, error: toErrorValue(e) };
      }
    });
  }
}
