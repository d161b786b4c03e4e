// Where each problem of a draft goes on the screens: next to the meeting field, the agenda item, the document
// or the delegate row it is about. The server's validator speaks of the meeting folder (meeting.json paths like
// "agenda[1].items[0].documents[0].kind", delegates.csv lines, file names); this maps them back to the
// console's own things (item keys, document ids, row indices). A problem with no place goes to 'general'.
import type { Draft, DraftAgendaItem } from '../../common/api/console.ts';
import type { Problem } from '../../common/i18n/problems.ts';
import { itemAt } from './agendaTree.ts';

export type Place =
  | `meeting.${string}`
  | `item:${string}`
  | `doc:${string}`
  | `delegate:${number}`
  | 'delegates'
  | 'documents'
  | 'general';

/** The section of the left navigation a place belongs to. */
export type Section = 'session' | 'agenda' | 'documents' | 'delegates' | 'publish';

export function sectionOf(place: Place): Section {
  if (place.startsWith('meeting.')) return 'session';
  if (place.startsWith('item:')) return 'agenda';
  if (place.startsWith('doc:') || place === 'documents') return 'documents';
  if (place.startsWith('delegate') ) return 'delegates';
  return 'publish';
}

type DraftShape = Pick<Draft, 'agenda' | 'documents' | 'delegates'>;

const paramOf = (p: Problem, name: string): unknown => (p.params as Readonly<Record<string, unknown>>)[name];

/** "agenda[1].items[0].documents[2].kind" → {path:[1,0], document:2}. */
export function parseAgendaPath(path: string): { path: number[]; document?: number } | undefined {
  if (!path.startsWith('agenda[')) return undefined;
  const indices: number[] = [];
  let document: number | undefined;
  const re = /(agenda|items|documents)\[(\d+)\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    const n = Number(m[2]);
    if (m[1] === 'documents') {
      document = n;
      break;
    }
    indices.push(n);
  }
  if (indices.length === 0) return undefined;
  return document === undefined ? { path: indices } : { path: indices, document };
}

function meetingPlace(path: string, draft: DraftShape): Place | undefined {
  const agenda = parseAgendaPath(path);
  if (agenda) {
    const item: DraftAgendaItem | undefined = itemAt(draft.agenda, agenda.path);
    if (!item) return undefined;
    if (agenda.document !== undefined) {
      const id = item.documents[agenda.document];
      return id ? `doc:${id}` : `item:${item.key}`;
    }
    return `item:${item.key}`;
  }
  const field = /^([A-Za-z]+)/.exec(path)?.[1];
  return field && field !== 'agenda' ? `meeting.${field}` : undefined;
}

export function placeOf(p: Problem, draft: DraftShape): Place {
  if (p.code === 'TOTAL_TOO_SMALL') return 'meeting.totalDelegates';
  const file = paramOf(p, 'file');
  if (typeof file === 'string') {
    const doc = draft.documents.find((d) => d.file === file || d.file.endsWith(`/${file}`) || file.endsWith(`/${d.file}`));
    if (doc) return `doc:${doc.documentId}`;
  }
  if (p.file === 'delegates.csv' || p.code.startsWith('DELEGATE')) {
    return p.line !== undefined && p.line >= 2 ? `delegate:${p.line - 2}` : 'delegates';
  }
  if (p.code === 'READER_UNKNOWN' || p.code === 'READER_IS_OBSERVER') {
    const id = paramOf(p, 'id');
    const doc = draft.documents.find((d) => typeof id === 'string' && d.readers.includes(id));
    return doc ? `doc:${doc.documentId}` : 'documents';
  }
  const path = paramOf(p, 'path');
  if (typeof path === 'string') return meetingPlace(path, draft) ?? 'general';
  return 'general';
}

/** Every problem grouped by its place. */
export function placeProblems(problems: readonly Problem[], draft: DraftShape): ReadonlyMap<Place, readonly Problem[]> {
  const out = new Map<Place, Problem[]>();
  for (const p of problems) {
    const place = placeOf(p, draft);
    out.set(place, [...(out.get(place) ?? []), p]);
  }
  return out;
}

/** The problems of one place, and of every place under a prefix ("item:" → all agenda items). */
export const problemsAt = (placed: ReadonlyMap<Place, readonly Problem[]>, place: Place): readonly Problem[] => placed.get(place) ?? [];
