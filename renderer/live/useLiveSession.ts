// useLiveSession(meetingId): the live state of a meeting for any screen. One LiveClient per meeting is shared
// by every screen that uses it and kept for a short while after the last one unmounts, so moving between the
// meeting home and a document neither reconnects nor loses the outbox.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { ErrorValue } from '../../common/result.ts';
import { useServices } from '../app/AppContext.tsx';
import type { Platform } from '../platform/Platform.ts';
import { LiveClient, type AnyCommandInput, type LiveSnapshot } from './liveClient.ts';
import type { SendOutcome } from './outbox.ts';
import { newCommandId } from './viewModel.ts';

/** A client nobody uses any more is closed after this long (navigation remounts screens). */
export const LIVE_RELEASE_DELAY_MS = 10_000;

interface Entry {
  readonly client: Promise<{ readonly ok: true; readonly client: LiveClient } | { readonly ok: false; readonly error: ErrorValue }>;
  users: number;
  timer?: ReturnType<typeof setTimeout>;
}

const clients = new Map<string, Entry>();

function acquire(platform: Platform, meetingId: string): Entry {
  let entry = clients.get(meetingId);
  if (!entry) {
    const client = platform.liveCredentials(meetingId).then((r) => (r.ok ? { ok: true as const, client: new LiveClient(meetingId, r.value, undefined, undefined, undefined, () => void platform.noteLiveContact(meetingId)) } : { ok: false as const, error: r.error }));
    entry = { client, users: 0 };
    clients.set(meetingId, entry);
  }
  clearTimeout(entry.timer);
  entry.users++;
  return entry;
}

function release(meetingId: string, entry: Entry): void {
  entry.users--;
  if (entry.users > 0) return;
  entry.timer = setTimeout(() => {
    if (entry.users > 0 || clients.get(meetingId) !== entry) return;
    clients.delete(meetingId);
    void entry.client.then((c) => c.ok && c.client.destroy());
  }, LIVE_RELEASE_DELAY_MS);
}

export type Command = AnyCommandInput extends infer C ? (C extends { id: string } ? Omit<C, 'id'> : never) : never;

export interface LiveSession {
  /** undefined until the credentials are read. */
  readonly snapshot: LiveSnapshot | undefined;
  /** Why there is no live session (not joined on this device, revoked). */
  readonly error?: ErrorValue;
  /** Sends with a fresh command id; returns that id with the outcome. */
  send(command: Command): Promise<SendOutcome & { readonly id: string }>;
  /** False when the command is no longer waiting (it was sent meanwhile). */
  cancelPending(commandId: string): boolean;
}

const noSubscribe = () => () => undefined;
const noSnapshot = () => undefined;

export function useLiveSession(meetingId: string): LiveSession {
  const { platform } = useServices();
  const [opened, setOpened] = useState<{ readonly meetingId: string; readonly client?: LiveClient; readonly error?: ErrorValue }>();
  useEffect(() => {
    const entry = acquire(platform, meetingId);
    let alive = true;
    void entry.client.then((c) => alive && setOpened(c.ok ? { meetingId, client: c.client } : { meetingId, error: c.error }));
    return () => {
      alive = false;
      release(meetingId, entry);
    };
  }, [platform, meetingId]);
  const client = opened?.meetingId === meetingId ? opened.client : undefined;
  const snapshot = useSyncExternalStore(client?.subscribe ?? noSubscribe, client?.getSnapshot ?? noSnapshot);
  const send = useCallback(
    async (command: Command) => {
      const id = newCommandId();
      if (!client) return { status: 'failed' as const, error: { code: 'NETWORK' as const, message: 'the live session is not open' }, id };
      return { ...(await client.send({ ...command, id } as AnyCommandInput)), id };
    },
    [client],
  );
  const cancelPending = useCallback((id: string) => client?.cancelPending(id) ?? false, [client]);
  const error = opened?.meetingId === meetingId ? opened.error : undefined;
  return { snapshot, ...(error ? { error } : {}), send, cancelPending };
}
