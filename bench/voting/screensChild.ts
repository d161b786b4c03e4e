// Child process holding the voters' screens: real y-websocket clients on the meeting state room, one per voter,
// apart from the bench process so that applying the server's broadcasts does not delay the ballots' timing.
// IPC in: {connect: {syncUrl, room, tokens, wave}} | {arm: {pollId, voters}} | {stop: true};
// out: {connected: {count, ms}} | {armed} | {allOpen: wall ms} | {done: ScreensReport}.
import { closeScreens, openScreens, resetCounts, wallNow, watch, type Received, type Screen, type Seen } from './screens.ts';

export interface ScreensReport {
  /** Per screen, in the order of the tokens. */
  readonly seen: readonly Seen[];
  readonly received: readonly Received[];
  readonly rssMb: number;
}

type Message =
  | { connect: { syncUrl: string; room: string; tokens: string[]; wave: number } }
  | { arm: { pollId: string; voters: number } }
  | { stop: true };

// Every WebsocketProvider adds a process 'exit' listener; thousands of clients in one process are the point.
process.setMaxListeners(0);
let screens: Screen[] = [];

function arm(pollId: string, voters: number): void {
  for (const s of screens) resetCounts(s);
  let open = 0;
  let announced = 0;
  const seen: Seen[] = [];
  const flags = screens.map(() => ({ open: false, announced: false }));
  screens.forEach((s, i) => {
    const flag = flags[i] as { open: boolean; announced: boolean };
    seen.push(
      watch(s, pollId, voters, (x) => {
        if (!flag.open && !Number.isNaN(x.openAt)) {
          flag.open = true;
          if (++open === screens.length) process.send?.({ allOpen: Math.max(...seen.map((y) => y.openAt)) });
        }
        if (!flag.announced && !Number.isNaN(x.announcedAt)) {
          flag.announced = true;
          // Counts are read a moment later, so the announcing update's own frames are in.
          if (++announced === screens.length) setTimeout(() => process.send?.({ done: report(seen) }), 200);
        }
      }),
    );
  });
}

function report(seen: readonly Seen[]): ScreensReport {
  return { seen, received: screens.map((s) => ({ ...s.received })), rssMb: process.memoryUsage().rss / (1024 * 1024) };
}

// The bench process gone (a crash, ^C): go too, rather than keep its port and pipes.
process.on('disconnect', () => process.exit(0));
process.on('message', (raw) => {
  const m = raw as Message;
  if ('connect' in m) {
    const start = wallNow();
    const each = Math.max(m.connect.wave, Math.ceil(m.connect.tokens.length / 4 / m.connect.wave) * m.connect.wave);
    const onWave = (n: number): void => {
      if (n % each === 0 && n < m.connect.tokens.length) process.stderr.write(`bench voting: ${n} screens synced (${((wallNow() - start) / 1000).toFixed(1)} s)\n`);
    };
    void openScreens(m.connect.syncUrl, m.connect.room, m.connect.tokens, m.connect.wave, onWave).then((s) => {
      screens = s;
      process.send?.({ connected: { count: s.length, ms: wallNow() - start } });
    });
  } else if ('arm' in m) {
    arm(m.arm.pollId, m.arm.voters);
    process.send?.({ armed: true });
  } else {
    closeScreens(screens);
    process.exit(0);
  }
});
process.send?.({ ready: true });
