// A test-only command feature for the execute path (commands/execute.ts): `note` writes its text into the doc's
// `notes` map and throws when the text is "boom" (after writing, so the undo is exercised), audited in full.
import { z } from 'zod';
import { executeCommandGrouped, type Answer, type ExecuteDeps } from '../../../collab-server/live/commands/execute.ts';
import { idempotencyFor } from '../../../collab-server/live/commands/idempotency.ts';
import { defineCommand, type Feature } from '../../../collab-server/live/commands/registry.ts';
import type { Member } from '../../../collab-server/core/types.ts';

const Note = z.strictObject({ id: z.string(), type: z.literal('note'), text: z.string() });

export const NOTES: Feature = {
  name: 'notes',
  commands: [
    defineCommand('note', {
      schema: Note,
      allow: ['delegate'],
      apply: (ctx, c) => {
        ctx.doc.getMap<string>('notes').set(c.id, c.text);
        if (c.text === 'boom') throw new Error('boom');
        return { ok: true, value: { echoed: c.text } };
      },
      policy: { audit: 'full', auditActor: true, idempotency: 'hash' },
    }),
  ],
};

/** Sends one `note` through the group commit, as the command route does. */
export function submitNote(deps: ExecuteDeps, m: Member, body: { id: string; type: 'note'; text: string }): Promise<Answer> {
  const parsed = deps.commands.parse(body);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return executeCommandGrouped(deps, m, parsed.value, idempotencyFor(deps.db, m, parsed.value));
}
