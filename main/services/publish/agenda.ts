// Agenda numbering ("1", "2", "2.1", ...) and document ids that stay stable across revisions.
import type { AgendaItemSpec } from '../../../common/meeting/types.ts';
import { randomBytes } from '../../../common/pack/crypto.ts';
import { toHex } from '../../../common/pack/encoding.ts';
import type { AgendaNode } from '../../../common/pack/format.ts';
import { documentIdFor } from '../../../common/pack/invite.ts';
import type { CheckedDocument } from './documents.ts';
import type { PublisherState } from './state.ts';

/** The dotted number of an agenda item from its indices: [1, 0] → "2.1". */
export const agendaItemId = (agendaPath: readonly number[]): string => agendaPath.map((i) => i + 1).join('.');

/** Numbers the agenda; `docIds` maps an agenda item id to its documents' ids, in listing order. */
export function numberAgenda(items: readonly AgendaItemSpec[], docIds: ReadonlyMap<string, readonly string[]>, prefix = ''): AgendaNode[] {
  return items.map((item, i) => {
    const id = `${prefix}${i + 1}`;
    return {
      id,
      title: item.title,
      ...(item.presenter !== undefined ? { presenter: item.presenter } : {}),
      ...(item.minutes !== undefined ? { minutes: item.minutes } : {}),
      documentIds: docIds.get(id) ?? [],
      items: numberAgenda(item.items ?? [], docIds, `${id}.`),
    };
  });
}

/** Confidential documents get opaque ids: a path such as "mat/mien-nhiem-ong-a" must not reach every delegate. */
const opaqueId = (): string => `mat-${toHex(randomBytes(8))}`;

/**
 * An id per document, keyed by its path. A path keeps the id it had in the saved state, except that a
 * document turning confidential gets a new opaque one. New readable ids come from documentIdFor, with a
 * "-2", "-3"... suffix on the rare collision.
 */
export function assignDocumentIds(documents: readonly CheckedDocument[], previous: PublisherState | undefined): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const doc of documents) {
    const old = previous?.documents[doc.file];
    const keep = old !== undefined && (old.confidential || doc.spec.confidential !== true);
    if (keep && !taken.has(old.id)) {
      ids.set(doc.file, old.id);
      taken.add(old.id);
    }
  }
  for (const doc of documents) {
    if (ids.has(doc.file)) continue;
    const id = doc.spec.confidential === true ? opaqueId() : unique(documentIdFor(doc.file), taken);
    ids.set(doc.file, id);
    taken.add(id);
  }
  return ids;
}

function unique(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 36)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Agenda item id → document ids in listing order. */
export function documentsByItem(documents: readonly CheckedDocument[], ids: ReadonlyMap<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const doc of documents) {
    const item = agendaItemId(doc.agendaPath);
    const id = ids.get(doc.file);
    if (id !== undefined) out.set(item, [...(out.get(item) ?? []), id]);
  }
  return out;
}
