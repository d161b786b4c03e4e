// A dumb, allow-listed pipe (SECURITY.md, STYLE.md): window.council gets one method per channel name in
// common/api/ipc.ts and an `on` for the listed events. No logic, no raw ipcRenderer, nothing else exposed.
// Runs sandboxed: bundled to one CJS file whose only require is 'electron'.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  BRIDGE_GLOBAL,
  IPC_EVENT_CHANNELS,
  IPC_INVOKE_CHANNELS,
  ipcEventName,
  ipcInvokeName,
  type IpcEventChannel,
} from '../../common/api/ipc.ts';

const bridge: Record<string, unknown> = {};
for (const channel of IPC_INVOKE_CHANNELS) {
  const name = ipcInvokeName(channel);
  bridge[channel] = (...args: unknown[]) => ipcRenderer.invoke(name, ...args);
}

bridge['on'] = (event: IpcEventChannel, listener: (payload: unknown) => void): (() => void) => {
  if (!(IPC_EVENT_CHANNELS as readonly string[]).includes(event) || typeof listener !== 'function') {
    throw new TypeError(`unknown event ${String(event)}`);
  }
  const name = ipcEventName(event);
  // The listener never sees the IpcRendererEvent (it carries `sender`, i.e. ipcRenderer itself).
  const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload);
  ipcRenderer.on(name, wrapped);
  return () => {
    ipcRenderer.removeListener(name, wrapped);
  };
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, Object.freeze(bridge));
