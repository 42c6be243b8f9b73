import { Anchor, Code, Drawer, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { formatPreciseDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';

/** One ledger transaction with its entries (finance.ledgerTransaction), in a drawer; `transactionId` null closes it. */
export function LedgerTransactionDrawer({ transactionId, onClose }: { transactionId: string | null; onClose: () => void }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.finance.ledgerTransaction.queryOptions({ id: transactionId ?? '' }), enabled: transactionId !== null });
  const transaction = query.data;
  return (
    <Drawer opened={transactionId !== null} onClose={onClose} position="right" size="xl" title="Ledger transaction">
      {query.isError && <Text c="red">{query.error.message}</Text>}
      {!transaction && !query.isError && <Loader aria-label="Loading the ledger transaction" />}
      {transaction && (
        <Stack gap="sm" data-testid="ledger-transaction">
          <Group gap="xs"><Text fw={600}>Key</Text><Code>{transaction.externalKey}</Code></Group>
          <Text size="sm">{transaction.description || transaction.kind}</Text>
          <Text size="sm">Kind: {transaction.kind} · occurred {formatPreciseDateTime(transaction.occurredAt)} · posted {formatPreciseDateTime(transaction.createdAt)}</Text>
          {transaction.purchaseId && <Anchor component={Link} to={`/transactions/${transaction.purchaseId}`} size="sm">Open purchase {transaction.purchaseId}</Anchor>}
            <Table striped aria-label="Ledger entries">
              <Table.Thead>
                <Table.Tr><Table.Th>Account</Table.Th><Table.Th ta="right">Amount</Table.Th><Table.Th>Creator</Table.Th><Table.Th>Plugin</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {transaction.entries.map((entry, i) => (
                  <Table.Tr key={i}>
                    <Table.Td><Code>{entry.accountType}</Code></Table.Td>
                    <Table.Td ta="right"><MoneyText amount={entry.amount} currency={entry.currency} /></Table.Td>
                    <Table.Td>{entry.creatorName ?? '—'}</Table.Td>
                    <Table.Td>{entry.pluginName ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
        </Stack>
      )}
    </Drawer>
  );
}
