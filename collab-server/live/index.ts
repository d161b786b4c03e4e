// The live session's entry point for the collab-server: routes to mount and the /sync upgrade handler.
import { LiveSessionServer, type LiveSession, type LiveSessionDeps } from './LiveSession.ts';

export type { LiveSession, LiveSessionDeps } from './LiveSession.ts';
export type { LiveLimits } from './limits.ts';
export { DEFAULT_LIVE_LIMITS } from './limits.ts';
export { verifyAllChains, verifyMeetingChain, type ChainCheck } from './auditLog.ts';

export function createLiveSession(deps: LiveSessionDeps): LiveSession {
  return new LiveSessionServer(deps);
}
export { verifyServerAudit, type ServerAudit, type MeetingAudit } from './auditVerify.ts';
export { defineCommand, chairOnly, votingMembers, type Feature, type CommandDefinition, type CommandPolicy, type CommandContext } from './commands/registry.ts';
