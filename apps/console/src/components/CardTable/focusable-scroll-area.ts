import type { ScrollAreaProps } from '@mantine/core';

/**
 * Props for a DataTable's scroll area that keyboard users can scroll: the viewport is a named,
 * focusable region (axe scrollable-region-focusable, WCAG 2.1.1), named `label` ("Payouts").
 */
export function focusableScrollArea(label: string): Omit<ScrollAreaProps, 'classNames' | 'styles' | 'onScrollPositionChange'> {
  return { viewportProps: { tabIndex: 0, role: 'region', 'aria-label': label } };
}
