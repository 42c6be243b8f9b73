import { Badge, Tooltip } from '@mantine/core';

/** A status in its color; `detail` (a failure reason) shows on hover and is readable by screen readers. */
export function StatusBadge({ label, color, detail }: { label: string; color: string; detail?: string | null }) {
  const badge = <Badge variant="light" color={color} title={detail ?? undefined}>{label}</Badge>;
  return detail ? <Tooltip label={detail} multiline maw={360}>{badge}</Tooltip> : badge;
}
