// Room names of the live session (STYLE.md rule 9: no room-name literals at call sites).
//
//   m/<meetingId>/state                      the meeting state; every member reads, only the server writes
//   m/<meetingId>/p/<delegateId>/<name>      a delegate's private room (notes, bookmarks); that delegate only
//   m/<meetingId>/s/<name>                   a shared room (e.g. a shared annotation layer); every member
//   m/<meetingId>/g/<groupId>/<name>         a delegate group's room (tổ đại biểu); that group's members
//   m/<meetingId>/<segment>/<param>...       a room kind a feature registered (registerRoomKind)
//
// Every segment matches ID_PATTERN ([A-Za-z0-9_-]{1,40}), so a name is URL-safe as it stands: the
// y-websocket client appends it to `<server>/sync/` without encoding. Who may enter and write each kind is
// the server's business (collab-server/live/roomKinds.ts); this file only knows the grammar.
import { ID_PATTERN } from '../pack/format.ts';
import { foldVietnamese } from '../text/fold.ts';

/** Path prefix of the WebSocket endpoint; clients use `new WebsocketProvider(origin + SYNC_PATH, room, doc)`. */
export const SYNC_PATH = '/sync';

const MEETING = 'm';
/** The third segment of each built-in kind. */
export const ROOM_SEGMENTS = { state: 'state', private: 'p', shared: 's', group: 'g' } as const;

export type BuiltInRoomRef =
  | { readonly kind: 'state'; readonly meetingId: string }
  | { readonly kind: 'private'; readonly meetingId: string; readonly delegateId: string; readonly name: string }
  | { readonly kind: 'shared'; readonly meetingId: string; readonly name: string }
  | { readonly kind: 'group'; readonly meetingId: string; readonly groupId: string; readonly name: string };

/** A room of a kind a feature registered: its parameters by the names its grammar gives them. */
export interface FeatureRoomRef {
  readonly kind: 'feature';
  readonly feature: string;
  readonly meetingId: string;
  readonly params: Readonly<Record<string, string>>;
}

export type RoomRef = BuiltInRoomRef | FeatureRoomRef;

/** The grammar of a feature's room kind: `m/<meetingId>/<segment>/<params[0]>/<params[1]>...`. */
export interface RoomKindGrammar {
  /** The feature's name, e.g. 'poll'; unique. */
  readonly feature: string;
  /** The third path segment, e.g. 'v'; must not be a built-in one. */
  readonly segment: string;
  /** Names of the parameters that follow, in order (at least one). */
  readonly params: readonly string[];
}

const features = new Map<string, RoomKindGrammar>();
const bySegment = new Map<string, RoomKindGrammar>();
const BUILT_IN_SEGMENTS: ReadonlySet<string> = new Set(Object.values(ROOM_SEGMENTS));

/** Registers a feature's room kind (once, at module load); a clash with another kind throws. */
export function registerRoomKind(grammar: RoomKindGrammar): void {
  const existing = features.get(grammar.feature);
  if (existing && existing.segment === grammar.segment && existing.params.join() === grammar.params.join()) return;
  if (existing || bySegment.has(grammar.segment) || BUILT_IN_SEGMENTS.has(grammar.segment)) throw new Error(`room kind ${grammar.feature} (${grammar.segment}) clashes with another`);
  if (!ID_PATTERN.test(grammar.segment) || grammar.params.length === 0) throw new Error(`invalid grammar for room kind ${grammar.feature}`);
  const frozen = { feature: grammar.feature, segment: grammar.segment, params: [...grammar.params] };
  features.set(grammar.feature, frozen);
  bySegment.set(grammar.segment, frozen);
}

export function roomKindGrammar(feature: string): RoomKindGrammar | undefined {
  return features.get(feature);
}

function assertId(what: string, value: string): string {
  if (!ID_PATTERN.test(value)) throw new Error(`invalid ${what} in room name: ${JSON.stringify(value)}`);
  return value;
}

const meetingPrefix = (meetingId: string): string => `${MEETING}/${assertId('meetingId', meetingId)}`;

export function meetingStateRoom(meetingId: string): string {
  return `${meetingPrefix(meetingId)}/${ROOM_SEGMENTS.state}`;
}

export function privateRoom(meetingId: string, delegateId: string, name: string): string {
  return `${meetingPrefix(meetingId)}/${ROOM_SEGMENTS.private}/${assertId('delegateId', delegateId)}/${assertId('name', name)}`;
}

export function sharedRoom(meetingId: string, name: string): string {
  return `${meetingPrefix(meetingId)}/${ROOM_SEGMENTS.shared}/${assertId('name', name)}`;
}

/** A delegate group's room; `groupId` is the group's slug (groupSlug), never its display name. */
export function groupRoom(meetingId: string, groupId: string, name: string): string {
  return `${meetingPrefix(meetingId)}/${ROOM_SEGMENTS.group}/${assertId('groupId', groupId)}/${assertId('name', name)}`;
}

export function featureRoom(feature: string, meetingId: string, params: Readonly<Record<string, string>>): string {
  const grammar = features.get(feature);
  if (!grammar) throw new Error(`unknown room kind ${feature}`);
  const values = grammar.params.map((p) => assertId(p, params[p] ?? ''));
  return `${meetingPrefix(meetingId)}/${grammar.segment}/${values.join('/')}`;
}

function parseFeature(meetingId: string, segment: string, rest: readonly string[]): FeatureRoomRef | undefined {
  const grammar = bySegment.get(segment);
  if (!grammar || grammar.params.length !== rest.length) return undefined;
  const params: Record<string, string> = {};
  grammar.params.forEach((p, i) => (params[p] = rest[i] ?? ''));
  return { kind: 'feature', feature: grammar.feature, meetingId, params };
}

/** The inverse of the builders; undefined for anything else (the server answers 404). */
export function parseRoom(room: string): RoomRef | undefined {
  const parts = room.split('/');
  if (parts[0] !== MEETING || parts.length < 3 || !parts.every((p, i) => i === 0 || ID_PATTERN.test(p))) return undefined;
  const [, meetingId = '', kind = '', a = '', b = ''] = parts;
  if (parts.length === 3 && kind === ROOM_SEGMENTS.state) return { kind: 'state', meetingId };
  if (parts.length === 4 && kind === ROOM_SEGMENTS.shared) return { kind: 'shared', meetingId, name: a };
  if (parts.length === 5 && kind === ROOM_SEGMENTS.private) return { kind: 'private', meetingId, delegateId: a, name: b };
  if (parts.length === 5 && kind === ROOM_SEGMENTS.group) return { kind: 'group', meetingId, groupId: a, name: b };
  if (BUILT_IN_SEGMENTS.has(kind)) return undefined;
  return parseFeature(meetingId, kind, parts.slice(3));
}

export function roomToString(ref: RoomRef): string {
  switch (ref.kind) {
    case 'state':
      return meetingStateRoom(ref.meetingId);
    case 'private':
      return privateRoom(ref.meetingId, ref.delegateId, ref.name);
    case 'shared':
      return sharedRoom(ref.meetingId, ref.name);
    case 'group':
      return groupRoom(ref.meetingId, ref.groupId, ref.name);
    case 'feature':
      return featureRoom(ref.feature, ref.meetingId, ref.params);
  }
}

/** Longest group slug (ID_PATTERN allows 40 characters). */
const MAX_SLUG = 40;

/**
 * The slug of a delegate group's display name ("Tổ 1" → "to-1"): Vietnamese letters folded to ASCII, anything
 * else a dash. The publisher uploads it per member as `groupId`; group rooms are named by it. '' for no group.
 */
export function groupSlug(group: string): string {
  return foldVietnamese(group)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
}
