import { useEffect, useState } from 'react';

/**
 * The keyboard position (a row index) and the selected row ids (submissions, buyer reviews) of one queue view. Both
 * start over when the view changes (another filter or tab): a selection made under other
 * filters would act on rows the moderator no longer sees.
 */
export function useQueueCursor(viewKey: string, rowCount: number) {
  const [view, setView] = useState(viewKey);
  const [cursor, setCursor] = useState(0);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  if (view !== viewKey) {
    setView(viewKey);
    setCursor(0);
    setSelectedIds([]);
  }
  const position = Math.max(0, Math.min(cursor, rowCount - 1));
  useEffect(() => {
    document.querySelector('[data-cursor="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [position]);
  return {
    cursor: position,
    moveCursor: (delta: number) => setCursor(Math.max(0, Math.min(position + delta, rowCount - 1))),
    selectedIds,
    setSelectedIds,
    toggleSelected: (id: string) => setSelectedIds((ids) => (ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id])),
  };
}
