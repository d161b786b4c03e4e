// Keyboard: Ctrl shortcuts (find, zoom, undo/redo of annotations), paging keys and the annotation tools' keys,
// for the viewer and a page with nothing else focused.

import { useEffect, useRef, type RefObject } from 'react';
import { annotationCommand, type AnnotationCommand } from '../annotations/ui/tools/keys.ts';
import { commandForKey, commandForShortcut, type ViewerCommand } from './viewerInput.ts';

export interface KeyActions {
  readonly page: (delta: number) => void;
  readonly first: () => void;
  readonly last: () => void;
  readonly zoomIn: () => void;
  readonly zoomOut: () => void;
  readonly zoomReset: () => void;
  readonly find: () => void;
  /** The annotation keys (H, P, N, Esc, Delete, Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y); absent when annotating is off. */
  readonly annotate?: ((command: AnnotationCommand) => boolean) | undefined;
}

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

function run(command: ViewerCommand, actions: KeyActions): void {
  switch (command.type) {
    case 'page':
      return actions.page(command.delta);
    case 'first':
      return actions.first();
    case 'last':
      return actions.last();
    case 'zoom-in':
      return actions.zoomIn();
    case 'zoom-out':
      return actions.zoomOut();
    case 'zoom-reset':
      return actions.zoomReset();
    case 'find':
      return actions.find();
    default:
      return assertNever(command);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected command ${JSON.stringify(value)}`);
}

export function useViewerKeys(root: RefObject<HTMLElement | null>, actions: KeyActions): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const el = root.current;
      const target = event.target;
      const ours = el !== null && (target === document.body || (target instanceof Node && el.contains(target)));
      if (!ours || event.defaultPrevented) return;
      const annotation = annotationCommand(event, isTextField(target));
      if (annotation !== undefined && latest.current.annotate?.(annotation) === true) return event.preventDefault();
      const command = commandForShortcut(event) ?? (isTextField(target) ? undefined : commandForKey(event));
      if (command === undefined) return;
      event.preventDefault();
      run(command, latest.current);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [root]);
}
