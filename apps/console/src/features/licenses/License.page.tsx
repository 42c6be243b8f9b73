import { useState } from 'react';
import { Anchor, Button, Group, Loader, Stack, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBan, IconChevronLeft, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { hasPermission, type LicenseDetail } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { useSearchParamChoice } from '../../lib/dialog-params.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { ActivationsTable } from './ActivationsTable.tsx';
import { FreeMachineDialog } from './FreeMachineDialog.tsx';
import { ACTION_ALLOWED_FROM, ACTION_LABELS, explainRefusal, type LicenseAction } from './labels.ts';

const LICENSE_ACTIONS: readonly LicenseAction[] = ['suspend', 'reinstate', 'revoke'];
import { LicenseActionDialog } from './LicenseActionDialog.tsx';
import { LicenseHistory } from './LicenseHistory.tsx';
import { LicenseSummary } from './LicenseSummary.tsx';
import { ValidationsChart } from './ValidationsChart.tsx';
import { SubscriptionCard } from '../subscriptions/SubscriptionCard.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

const ACTIONS: { action: LicenseAction; color: string; icon: typeof IconBan }[] = [
  { action: 'suspend', color: 'orange', icon: IconPlayerPause },
  { action: 'reinstate', color: 'teal', icon: IconPlayerPlay },
  { action: 'revoke', color: 'red', icon: IconBan },
];

/** One license for support: summary, subscription, activations, validations chart, history; suspend, reinstate, revoke, free a machine. */
export default function LicensePage() {
  const { licenseId = '' } = useParams();
  const trpc = useTRPC();
  const { roles } = useSignedInUser();
  const canManage = hasPermission(roles, 'licenses.manage');
  // In the URL (?action=revoke), so the command palette's "Revoke license…" opens the dialog.
  const [action, setAction] = useSearchParamChoice<LicenseAction>('action', LICENSE_ACTIONS);
  const [freeing, setFreeing] = useState<LicenseDetail['activations'][number] | null>(null);
  const { data: license } = useQuery(trpc.licenses.get.queryOptions({ id: licenseId }));
  if (!license) return <Loader m="xl" aria-label="Loading license" />;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/licenses" size="sm"><Group gap={4}><IconChevronLeft size={14} />Licenses</Group></Anchor>
      <Group justify="space-between">
        <PageTitle>{license.plugin.name} · {license.buyerEmail}</PageTitle>
        {canManage && (
          <Group gap="xs">
            {ACTIONS.map(({ action: each, color, icon: Icon }) => {
              const isAllowed = ACTION_ALLOWED_FROM[each].includes(license.status);
              return (
                <Tooltip key={each} label={explainRefusal(each, license.status)} disabled={isAllowed}>
                  {/* A disabled button gets no hover events; the wrapper carries the tooltip. */}
                  <span>
                    <Button variant="light" color={color} leftSection={<Icon size={16} />} disabled={!isAllowed} onClick={() => setAction(each)}>{ACTION_LABELS[each]}</Button>
                  </span>
                </Tooltip>
              );
            })}
          </Group>
        )}
      </Group>
      <LicenseSummary license={license} canReadFinance={hasPermission(roles, 'finance.read')} />
      {license.subscription && <SubscriptionCard subscription={license.subscription} />}
      <ActivationsTable license={license} canManage={canManage} onFree={setFreeing} />
      <ValidationsChart days={license.validationsPerDay} />
      <LicenseHistory history={license.history} />
      <LicenseActionDialog action={action && canManage && ACTION_ALLOWED_FROM[action].includes(license.status) ? action : null} license={license} onClose={() => setAction(null)} />
      <FreeMachineDialog licenseId={license.id} activation={freeing} onClose={() => setFreeing(null)} />
    </Stack>
  );
}
