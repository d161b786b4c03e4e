// The agenda as a numbered tree of headings; each item lists its documents (kind, pages, revision, "Mật").
import type { ReactNode } from 'react';
import type { AgendaNode } from '../../common/pack/format.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { ReadableDocument } from '../platform/Platform.ts';

function DocumentRow({ meetingId, d }: { readonly meetingId: string; readonly d: ReadableDocument }) {
  const { t } = useT();
  const meta = (
    <span className="doc-meta">
      <span className="doc-kind">{t(`doc.kind.${d.kind}`)}</span>
      <span>{t('doc.pages', { pages: d.pages })}</span>
      <span>{t('doc.revision', { revision: d.revision })}</span>
      {d.confidential && <span className="mat">{t('doc.confidential')}</span>}
      {!d.available && <span className="muted">{t('doc.notAvailable')}</span>}
    </span>
  );
  return (
    <li className="doc" data-testid="document" data-doc-id={d.id}>
      {d.available ? (
        <a className="doc-link" href={`#/m/${meetingId}/doc/${d.id}`} aria-label={t('doc.open', { title: d.title })}>
          <span className="doc-title">{d.title}</span>
          {meta}
        </a>
      ) : (
        <div className="doc-link doc-unavailable">
          <span className="doc-title">{d.title}</span>
          {meta}
        </div>
      )}
    </li>
  );
}

interface TreeProps {
  readonly meetingId: string;
  readonly nodes: readonly AgendaNode[];
  readonly documents: ReadonlyMap<string, ReadableDocument>;
  readonly depth: number;
}

/** One heading level per depth (the meeting's title is the h1), so a screen reader can jump item by item. */
function Heading({ depth, className, children }: { readonly depth: number; readonly className: string; readonly children: ReactNode }) {
  const level = Math.min(6, 2 + depth);
  const Tag = `h${level}` as 'h2';
  return <Tag className={className}>{children}</Tag>;
}

function AgendaItem({ node, ...rest }: Omit<TreeProps, 'nodes'> & { readonly node: AgendaNode }) {
  const { t } = useT();
  const docs = node.documentIds.map((id) => rest.documents.get(id)).filter((d): d is ReadableDocument => d !== undefined);
  return (
    <li className={`agenda-item depth-${Math.min(rest.depth, 3)}`} data-testid="agenda-item">
      <div className="agenda-head">
        <span className="agenda-number" aria-hidden="true">
          {node.id}.
        </span>
        <div>
          <Heading depth={rest.depth} className="agenda-title">
            <span className="sr-only">{node.id}. </span>
            {node.title}
          </Heading>
          <span className="agenda-meta">
            {node.presenter && <span>{t('agenda.presenter', { name: node.presenter })}</span>}
            {node.minutes !== undefined && <span>{t('agenda.minutes', { minutes: node.minutes })}</span>}
          </span>
        </div>
      </div>
      {docs.length > 0 && (
        <ul className="doc-list">
          {docs.map((d) => (
            <DocumentRow key={d.id} meetingId={rest.meetingId} d={d} />
          ))}
        </ul>
      )}
      {node.items.length > 0 && <AgendaList {...rest} nodes={node.items} depth={rest.depth + 1} />}
    </li>
  );
}

function AgendaList(props: TreeProps) {
  return (
    <ol className="agenda-list">
      {props.nodes.map((n) => (
        <AgendaItem key={n.id} node={n} meetingId={props.meetingId} documents={props.documents} depth={props.depth} />
      ))}
    </ol>
  );
}

export function AgendaTree({ meetingId, agenda, documents }: { readonly meetingId: string; readonly agenda: readonly AgendaNode[]; readonly documents: readonly ReadableDocument[] }) {
  const byId = new Map(documents.map((d) => [d.id, d]));
  return <AgendaList meetingId={meetingId} nodes={agenda} documents={byId} depth={0} />;
}
