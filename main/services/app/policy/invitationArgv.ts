// council:// links reach the app on the command line (Windows, Linux: first start and second-instance argv)
// or through macOS's open-url event. Only a link that parses as an invitation is passed on.
import { parseInvitationLink } from '../../../../common/pack/invite.ts';
import { MAX_LINK_LENGTH } from '../../../../common/api/ipc.ts';

export const COUNCIL_SCHEME = 'council';

/** The link if it is a well-formed council:// (or https …/join#…) invitation, else undefined. */
export function acceptInvitationLink(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length > MAX_LINK_LENGTH) return undefined;
  const link = text.trim();
  try {
    parseInvitationLink(link);
    return link;
  } catch {
    return undefined;
  }
}

/** The first council:// invitation among the arguments (Chromium switches and the app path are skipped). */
export function invitationFromArgv(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${COUNCIL_SCHEME}://`)) continue;
    const link = acceptInvitationLink(arg);
    if (link) return link;
  }
  return undefined;
}
