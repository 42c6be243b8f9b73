import { Text } from '@mantine/core';
import { starsLabel, starsText } from './labels.ts';

/** A rating as five stars, read out as "4 of 5 stars". */
export function Stars({ rating }: { rating: number }) {
  return <Text span c="yellow.8" fw={600} role="img" aria-label={starsLabel(rating)} style={{ letterSpacing: 1 }}>{starsText(rating)}</Text>;
}
