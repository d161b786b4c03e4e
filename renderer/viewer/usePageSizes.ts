// Page sizes learnt lazily from pdf.js, batched into one state update per animation frame.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { PageSize } from './pageLayout.ts';

export function usePageSizes(firstPage: PageSize) {
  const [sizes, setSizes] = useState<ReadonlyArray<PageSize | undefined>>(() => [firstPage]);
  const pending = useRef(new Map<number, PageSize>());
  const frame = useRef<number | undefined>(undefined);

  const flush = useCallback(() => {
    frame.current = undefined;
    const learnt = pending.current;
    pending.current = new Map();
    setSizes((old) => {
      const changed = [...learnt].filter(([page, s]) => old[page - 1]?.width !== s.width || old[page - 1]?.height !== s.height);
      if (changed.length === 0) return old;
      const next = [...old];
      for (const [page, size] of changed) next[page - 1] = size;
      return next;
    });
  }, []);

  const report = useCallback(
    (page: number, size: PageSize) => {
      pending.current.set(page, size);
      frame.current ??= requestAnimationFrame(flush);
    },
    [flush],
  );

  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    },
    [],
  );
  return { sizes, report };
}
