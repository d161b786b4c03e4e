// One authenticated WebSocket in one room: a bounded inbox worked through within the member's frame budget,
// bounded sending, heartbeat state. A malformed frame closes this socket; an unexpected error while handling
// one is logged and closes this socket too — nothing a client sends can throw out of a socket handler.
import type { RawData, WebSocket } from 'ws';
import { CLOSE } from '../../common/live/wire.ts';
import type { FrameBudget } from './FrameBudget.ts';
import type { LiveLimits } from './limits.ts';
import { handleFrame, MalformedFrame, greeting, type FrameOutcome, type FrameSource } from './protocol.ts';
import type { Room, RoomPeer } from './Room.ts';
import type { RoomMember } from './roomKinds.ts';

/** After a close frame, a peer that does not finish the closing handshake is cut off this much later. */
export const CLOSE_GRACE_MS = 2_000;

export interface ConnectionOptions {
  readonly limits: LiveLimits;
  readonly writable: boolean;
  readonly budget: FrameBudget;
  readonly log: (line: string) => void;
  readonly onClosed: (conn: LiveConnection) => void;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class LiveConnection implements RoomPeer {
  /** Cleared on every ping, set by the pong (or any frame); a socket still clear at the next ping is dead. */
  alive = true;
  private closed = false;
  private readonly inbox: Uint8Array[] = [];
  private inboxBytes = 0;
  /** Buffered bytes of essential messages, not counted against the send-buffer limit. */
  private excused = 0;
  /** A drain is scheduled on the next turn, or waiting for the budget to refill. */
  private nextTurn: ReturnType<typeof setImmediate> | undefined;
  private refillWait: ReturnType<typeof setTimeout> | undefined;
  private readonly source: FrameSource;

  constructor(
    readonly ws: WebSocket,
    readonly room: Room,
    readonly member: RoomMember,
    readonly token: string,
    private readonly opts: ConnectionOptions,
  ) {
    this.source = { peer: this, member, writable: opts.writable, bounds: opts.limits };
  }

  get writable(): boolean {
    return this.opts.writable;
  }

  start(): void {
    this.ws.on('message', (data, isBinary) => this.guard('message', () => this.onMessage(data, isBinary)));
    this.ws.on('pong', () => {
      this.alive = true;
    });
    this.ws.on('close', () => this.guard('close', () => this.onClose()));
    this.ws.on('error', (e) => this.opts.log(`live: socket error in ${this.room.name}: ${e.message}`));
    // The greeting goes out whatever the send-buffer limit: a room must stay joinable however large it is.
    for (const m of greeting(this.room, this.opts.writable)) this.send(m, true);
  }

  /**
   * Queues a message. `essential` ones (the greeting, sync replies) go out whatever their size, and the bytes
   * they put in the buffer are excused from the slow-consumer limit while they drain.
   */
  send(message: Uint8Array, essential = false): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    const buffered = this.ws.bufferedAmount;
    this.excused = Math.min(this.excused, buffered);
    const counted = buffered - this.excused + (essential ? 0 : message.byteLength);
    if (counted > this.opts.limits.maxSendBufferBytes) {
      this.opts.log(`live: slow consumer ${this.member.delegateId} in ${this.room.name} (${buffered} bytes unsent, ${message.byteLength} more), closing`);
      this.close(CLOSE.slowConsumer, 'slow consumer');
      this.ws.terminate();
      return;
    }
    this.ws.send(message, (err) => {
      if (err) this.ws.terminate();
    });
    if (essential) this.excused += message.byteLength;
  }

  fail(code: number, reason: string): void {
    this.close(code, reason);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
    this.onClose();
  }

  /** Pings; false when the previous ping went unanswered (the caller terminates). */
  heartbeat(): boolean {
    if (!this.alive) return false;
    this.alive = false;
    this.ws.ping();
    return true;
  }

  /** Runs a socket handler; whatever it throws is logged and closes this socket only. */
  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.opts.log(`live: error handling ${what} from ${this.member.delegateId} in ${this.room.name}: ${describe(e)}`);
      try {
        this.close(CLOSE.internalError, 'internal error');
      } catch (closing) {
        this.opts.log(`live: could not close ${this.member.delegateId} in ${this.room.name}: ${describe(closing)}`);
        this.ws.terminate();
      }
    }
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.alive = true;
    if (this.closed) return;
    if (!isBinary) return this.refuse('text frame');
    const frame = toBytes(data);
    this.inbox.push(frame);
    this.inboxBytes += frame.byteLength;
    const { inboxMaxFrames, inboxMaxBytes, inboxPauseFrames } = this.opts.limits;
    if (this.inbox.length > inboxMaxFrames || this.inboxBytes > inboxMaxBytes) {
      this.opts.log(`live: ${this.member.delegateId} flooded ${this.room.name} (${this.inbox.length} frames waiting), closing`);
      return this.close(CLOSE.rateLimited, 'rate limited');
    }
    if (this.inbox.length >= inboxPauseFrames && !this.ws.isPaused) this.ws.pause();
    if (!this.nextTurn && !this.refillWait) this.nextTurn = setImmediate(() => this.guard('frames', () => this.drain()));
  }

  /** Handles queued frames within the budget, a bounded number per turn, then yields to the event loop. */
  private drain(): void {
    this.nextTurn = undefined;
    this.refillWait = undefined;
    let handled = 0;
    while (!this.closed && this.inbox.length > 0) {
      const frame = this.inbox[0] as Uint8Array;
      if (handled >= this.opts.limits.framesPerTurn) {
        this.nextTurn = setImmediate(() => this.guard('frames', () => this.drain()));
        return;
      }
      if (!this.opts.budget.take(frame.byteLength)) {
        if (!this.ws.isPaused) this.ws.pause();
        this.refillWait = setTimeout(() => this.guard('frames', () => this.drain()), this.opts.budget.waitMs(frame.byteLength));
        return;
      }
      this.inbox.shift();
      this.inboxBytes -= frame.byteLength;
      handled++;
      this.handle(frame);
    }
    if (!this.closed && this.ws.isPaused) this.ws.resume();
  }

  private handle(frame: Uint8Array): void {
    let outcome: FrameOutcome;
    try {
      outcome = handleFrame(this.room, this.source, frame);
    } catch (e) {
      if (!(e instanceof MalformedFrame)) throw e;
      return this.refuse(e.message);
    }
    if (outcome.reply) this.send(outcome.reply, true);
    if (outcome.dropped) this.opts.log(`live: dropped a write from ${this.member.delegateId} into read-only ${this.room.name} (undone for the writer)`);
    if (outcome.refusedAwareness) this.opts.log(`live: refused ${outcome.refusedAwareness} awareness entries from ${this.member.delegateId} in ${this.room.name}`);
    if (outcome.full) {
      this.opts.log(`live: ${this.room.name} is full (${this.room.size} bytes); refused a write from ${this.member.delegateId}`);
      this.close(CLOSE.roomFull, 'room full');
    }
  }

  private refuse(why: string): void {
    this.opts.log(`live: malformed frame from ${this.member.delegateId} in ${this.room.name}: ${why}`);
    this.close(CLOSE.malformed, 'malformed frame');
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    clearImmediate(this.nextTurn);
    clearTimeout(this.refillWait);
    this.nextTurn = undefined;
    this.refillWait = undefined;
    this.inbox.length = 0;
    this.inboxBytes = 0;
    this.opts.onClosed(this);
  }
}
