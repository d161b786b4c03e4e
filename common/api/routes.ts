// Every HTTP route of the collab-server, written once: the server mounts `pattern`, clients build the path
// with `pathTo` (STYLE.md rule 9: no route literals at call sites). `:name` segments are parameters; a value
// is URL-encoded, so an id can never add a segment.
export const ROUTES = {
  health: '/api/health',
  me: '/api/me',
  chunksMissing: '/api/chunks/missing',
  chunk: '/api/chunks/:hash',
  revisions: '/api/meetings/:meetingId/revisions',
  manifest: '/api/meetings/:meetingId/manifest',
  revoke: '/api/meetings/:meetingId/members/:delegateId/revoke',
  reinvite: '/api/meetings/:meetingId/members/:delegateId/reinvite',
  commands: '/api/meetings/:meetingId/commands',
  audit: '/api/meetings/:meetingId/audit',
  auditKey: '/api/audit/key',
  /** Secret polls (issue 7): the box published at close, each counter's stage, the (tracker, choice) lines. */
  pollBox: '/api/meetings/:meetingId/polls/:pollId/box',
  pollStage: '/api/meetings/:meetingId/polls/:pollId/stages/:stage',
  pollTrackers: '/api/meetings/:meetingId/polls/:pollId/trackers',
  /** Admin (the console, issue 10): each member's newest fetched manifest revision and when (FollowResponse). */
  follow: '/api/meetings/:meetingId/follow',
} as const;

export type RoutePattern = (typeof ROUTES)[keyof typeof ROUTES];

/** The `:name` parameters of a pattern, as a type: RouteParams<'/a/:x/b/:y'> is { x: string; y: string }. */
export type RouteParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { readonly [K in Name]: string } & RouteParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { readonly [K in Name]: string }
    : Record<never, string>;

export function pathTo<P extends string>(pattern: P, params: RouteParams<P>): string {
  const values = params as Readonly<Record<string, string>>;
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`route ${pattern}: missing ${name}`);
    return encodeURIComponent(value);
  });
}
