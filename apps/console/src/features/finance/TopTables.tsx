import { Anchor, SimpleGrid } from '@mantine/core';
import { Link } from 'react-router';
import { hasPermission } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { CardTable } from '../../components/CardTable/CardTable.tsx';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import type { RouterOutputs } from '../../lib/trpc.ts';

type TopItem = RouterOutputs['finance']['top']['items'][number];

function TopTable({ title, items, currency, testId, linkTo }: { title: string; items: TopItem[]; currency: string; testId: string; linkTo?: (id: string) => string }) {
  const money = (key: 'grossVolume' | 'refunds' | 'platformFees' | 'creatorEarnings') => (item: TopItem) => <MoneyText amount={item[key]} currency={currency} />;
  return (
    <CardTable
      title={title}
      testId={testId}
      emptyMinHeight={120}
      idAccessor="id"
      records={items}
      noRecordsText="No sales in this period"
      columns={[
        { accessor: 'name', title: 'Name', render: (item) => (linkTo ? <Anchor component={Link} to={linkTo(item.id)} size="sm">{item.name}</Anchor> : item.name) },
        { accessor: 'grossVolume', title: 'Gross', textAlign: 'right', render: money('grossVolume') },
        { accessor: 'refunds', title: 'Refunds', textAlign: 'right', render: money('refunds') },
        { accessor: 'platformFees', title: 'Platform fees', textAlign: 'right', render: money('platformFees') },
        { accessor: 'creatorEarnings', title: 'Creator earnings', textAlign: 'right', render: money('creatorEarnings') },
      ]}
    />
  );
}

/** The period's top plugins and creators by gross volume. */
export function TopTables({ plugins, creators, currency }: { plugins: TopItem[]; creators: TopItem[]; currency: string }) {
  const { roles } = useSignedInUser();
  // Names open the plugin page (reviews.read) and the creator page (reputation.read).
  const pluginLink = hasPermission(roles, 'reviews.read') ? (id: string) => `/plugins/${id}` : undefined;
  const creatorLink = hasPermission(roles, 'reputation.read') ? (id: string) => `/creators/${id}` : undefined;
  return (
    <SimpleGrid cols={{ base: 1, xl: 2 }}>
      <TopTable title="Top plugins" items={plugins} currency={currency} testId="top-plugins" linkTo={pluginLink} />
      <TopTable title="Top creators" items={creators} currency={currency} testId="top-creators" linkTo={creatorLink} />
    </SimpleGrid>
  );
}
