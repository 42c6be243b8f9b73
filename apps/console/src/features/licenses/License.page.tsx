import { useEffect, useRef, useState } from 'react';
import { Anchor, Button, Group, Loader, Stack, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBan, IconChevronLeft, IconPlayerPause, IconPlayerPlay, IconReplace } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { hasPermission, type LicenseDetail } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { useSearchParamChoice } from '../../lib/dialog-params.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { ActivationsTable } from './ActivationsTable.tsx';
import { CreditsCard } from './CreditsCard.tsx';
import { TrialCard } from './TrialCard.tsx';
import { UsageCard } from './UsageCard.tsx';
import { FreeMachineDialog } from './FreeMachineDialog.tsx';
import { ACTION_ALLOWED_FROM, ACTION_LABELS, explainRefusal, type LicenseAction } from './labels.ts';

const LICENSE_ACTIONS: readonly LicenseAction[] = ['suspend', 'reinstate', 'revoke'];
import { LicenseActionDialog } from './LicenseActionDialog.tsx';
import { LicenseHistory } from './LicenseHistory.tsx';
import { LicenseSummary } from './LicenseSummary.tsx';
import { ValidationsChart } from './ValidationsChart.tsx';
import { ValidationsLog } from './ValidationsLog.tsx';
import { ReplaceLicenseDialog } from './ReplaceLicenseDialog.tsx';
import { ReplacementLinks } from './ReplacementLinks.tsx';
import { SubscriptionCard } from '../subscriptions/SubscriptionCard.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';

const ACTIONS: { action: LicenseAction; color: string; icon: typeof IconBan }[] = [
  { action: 'suspend', color: 'orange', icon: IconPlayerPause },
  { action: 'reinstate', color: 'teal', icon: IconPlayerPlay },
  { action: 'revoke', color: 'red', icon: IconBan },
];

/**
 * The action dialog's state, in the URL (`?action=revoke`) so the command palette's "Revoke
 * license…" opens the page with it open. A linked action that the license, as first loaded, does
 * not allow (already revoked) or the role may not take is dropped without showing the dialog; a
 * refusal after that (someone else acted meanwhile) is the open dialog's to show.
 */
function useLicenseAction(license: LicenseDetail | undefined, canManage: boolean) {
  const [action, setAction] = useSearchParamChoice<LicenseAction>('action', LICENSE_ACTIONS);
  const checkedId = useRef<string | null>(null);
  const isRefusedLink = Boolean(license && action && checkedId.current !== license.id && (!canManage || !ACTION_ALLOWED_FROM[action].includes(license.status)));
  useEffect(() => {
    if (!license || checkedId.current === license.id) return;
    checkedId.current = license.id;
    if (isRefusedLink) setAction(null);
  }, [license, isRefusedLink, setAction]);
  return [isRefusedLink ? null : action, setAction] as const;
}

/** One license for support: summary, replacement links, subscription, credits, activations, validations chart and log, history; suspend, reinstate, revoke, replace, free a machine, grant credits. */
export default function LicensePage() {
  const { licenseId = '' } = useParams();
  const trpc = useTRPC();
  const { roles } = useSignedInUser();
  const canManage = hasPermission(roles, 'licenses.manage');
  const [freeing, setFreeing] = useState<LicenseDetail['activations'][number] | null>(null);
  const [isReplacing, setReplacing] = useState(false);
  const { data: license } = useQuery(trpc.licenses.get.queryOptions({ id: licenseId }));
  const [action, setAction] = useLicenseAction(license, canManage);
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
            <Tooltip label={license.replacedBy ? 'Already replaced: a license is replaced once. Replace the new license instead.' : ''} disabled={!license.replacedBy}>
              <span>
                <Button variant="light" color="indigo" leftSection={<IconReplace size={16} />} disabled={Boolean(license.replacedBy)} onClick={() => setReplacing(true)}>Issue replacement</Button>
              </span>
            </Tooltip>
          </Group>
        )}
      </Group>
      <ReplacementLinks license={license} />
      <LicenseSummary license={license} canReadFinance={hasPermission(roles, 'finance.read')} />
      <TrialCard licenseId={license.id} canManage={canManage} />
      {license.subscription && <SubscriptionCard subscription={license.subscription} />}
      <UsageCard licenseId={license.id} canManage={canManage} />
      <CreditsCard licenseId={license.id} canManage={canManage} canReadFinance={hasPermission(roles, 'finance.read')} />
      <ActivationsTable license={license} canManage={canManage} onFree={setFreeing} />
      <ValidationsChart days={license.validationsPerDay} />
      <ValidationsLog license={license} />
      <LicenseHistory history={license.history} />
      <LicenseActionDialog action={action} license={license} onClose={() => setAction(null)} />
      <ReplaceLicenseDialog license={license} opened={isReplacing} onClose={() => setReplacing(false)} />
      <FreeMachineDialog licenseId={license.id} activation={freeing} onClose={() => setFreeing(null)} />
    </Stack>
  );
}
