import { Text } from '@mantine/core';
import type { ReviewSignal } from '@marketdesk/shared';
import { findMarkedSpans } from './highlight.ts';
import { markStyleOf, SIGNAL_LABELS } from './labels.tsx';

/** A review's text with what its signals are about marked (an email, a key, a link), each mark titled with its signal. */
export function MarkedText({ text, signals }: { text: string; signals: readonly ReviewSignal[] }) {
  const spans = findMarkedSpans(text, signals);
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start > at) parts.push(text.slice(at, span.start));
    parts.push(
      <mark key={span.start} data-signal={span.signal} title={SIGNAL_LABELS[span.signal]} style={markStyleOf(span.signal)}>
        {text.slice(span.start, span.end)}
      </mark>,
    );
    at = span.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="review-text">{text === '' ? <Text span c="dimmed">(no text, rating only)</Text> : parts}</Text>;
}
