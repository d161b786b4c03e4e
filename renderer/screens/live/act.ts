// What the chair console hands its panels: send one command, resolve to whether the server accepted it.
// A leaf module, so that the panels need not import ChairConsole.tsx (which imports them).
import type { Command } from '../../live/useLiveSession.ts';

export type Act = (command: Command) => Promise<boolean>;
