import { Alert, Loader, Table, Text } from '@mantine/core';
import { formatMoney } from '@marketdesk/shared';
import type { RouterOutputs } from '../../lib/trpc.ts';

type Preview = RouterOutputs['refunds']['preview'];

/** Who gives back what for the refund (from `refunds.preview`), shown before finance confirms. */
export function RefundSplitPreview({ preview, isCurrent, isFetching }: { preview: Preview | undefined; isCurrent: boolean; isFetching: boolean }) {
  if (!preview || !isCurrent) {
    return <Alert color="gray" variant="light" title="Split preview" icon={isFetching ? <Loader size={14} /> : undefined}>{isFetching ? 'Computing the split…' : 'Enter a refundable amount to see who gives back what.'}</Alert>;
  }
  const money = (amount: number) => formatMoney(amount, preview.currency);
  // A credit pack is the platform's own charge: no creator share, the refund takes unused credits off the license.
  const rows: [string, string, number][] = preview.creditPack
    ? [
      ['refund-amount', 'Refunded to the buyer', preview.amount],
      ['credits-removed', "Unused credits taken off the buyer's license", preview.amount],
      ['refundable-after', 'Still refundable afterwards', preview.refundable - preview.amount],
    ]
    : [
      ['refund-amount', 'Refunded to the buyer', preview.amount],
      ['creator-share', "Taken back from the creator's share", preview.creatorShare],
      ['platform-share', 'Platform fee given back', preview.platformShare],
      ['refundable-after', 'Still refundable afterwards', preview.refundable - preview.amount],
    ];
  return (
    <Alert color="indigo" variant="light" title={preview.isFullRefund ? 'Split preview: full refund' : 'Split preview: partial refund'} data-testid="refund-preview">
      <Table withRowBorders={false} verticalSpacing={2}>
        <Table.Tbody>
          {rows.map(([testId, label, amount]) => (
            <Table.Tr key={testId} data-testid={testId}>
              <Table.Td><Text size="sm">{label}</Text></Table.Td>
              <Table.Td ta="right"><Text size="sm" ff="monospace" fw={600}>{money(amount)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {preview.settlement && (
        // The charge settled in another currency: Stripe's reversal and fee refund move settlement money.
        <Text size="xs" mt="xs" data-testid="refund-settlement">
          Settles in {preview.settlement.currency.toUpperCase()} (estimated at the charge's rate): {formatMoney(preview.settlement.amount, preview.settlement.currency)} refunded,
          {' '}{formatMoney(preview.settlement.creatorShare, preview.settlement.currency)} from the creator, {formatMoney(preview.settlement.platformShare, preview.settlement.currency)} from the platform.
        </Text>
      )}
      {preview.creditPack
        ? <Text size="xs" mt="xs" data-testid="refund-credit-pack">A credit pack: only unused credits are refundable ({money(preview.creditPack.availableCredits)} now); the buyer's license keeps working.</Text>
        : preview.isFullRefund && <Text size="xs" mt="xs">A full refund revokes the buyer's license.</Text>}
    </Alert>
  );
}
