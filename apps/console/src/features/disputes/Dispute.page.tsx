import { Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { formatMoney, hasPermission, isDisputeOpen, type DisputeDetail } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { MoneyText } from '../../components/MoneyText/MoneyText.tsx';
import { PageTitle } from '../../components/PageTitle/PageTitle.tsx';
import { formatDateTime, formatDueLabel } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { DISPUTE_STATUS_COLORS, DISPUTE_STATUS_LABELS } from '../finance/labels.ts';
import { StatusBadge } from '../finance/StatusBadge.tsx';
import { EvidenceForm } from './EvidenceForm.tsx';
import { EvidenceDueBadge } from './EvidenceDueBadge.tsx';

/** While the bank decides, the page reads the dispute again this often (ms), so the outcome shows when Stripe reports it. */
const POLL_MS = 5000;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" fw={600}>{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </div>
  );
}

function Outcome({ dispute }: { dispute: DisputeDetail }) {
  const text: Partial<Record<DisputeDetail['status'], string>> = {
    WON: 'Won: the bank decided for Marketdesk; Stripe returned the disputed amount and the dispute fee.',
    LOST: 'Lost: the bank decided for the cardholder; the disputed amount and the dispute fee stay withdrawn.',
    UNDER_REVIEW: 'Under review: the evidence is with the bank, which decides usually within 60 to 75 days.',
    WARNING_UNDER_REVIEW: 'Under review: the inquiry’s answer is with the bank.',
    WARNING_CLOSED: 'The inquiry closed without becoming a chargeback.',
    NEEDS_RESPONSE: 'Needs a response: submit evidence before the due date, or the dispute is lost.',
    WARNING_NEEDS_RESPONSE: 'Inquiry: answer it before the due date to keep it from becoming a chargeback.',
  };
  return (
    <Card withBorder component="section" aria-labelledby="outcome-heading" data-testid="dispute-outcome">
      <Group gap="sm" mb="xs">
        <Title order={2} size="h4" id="outcome-heading">Outcome</Title>
        <StatusBadge label={DISPUTE_STATUS_LABELS[dispute.status]} color={DISPUTE_STATUS_COLORS[dispute.status]} />
      </Group>
      <Text size="sm">{text[dispute.status] ?? DISPUTE_STATUS_LABELS[dispute.status]}</Text>
      {dispute.closedAt && <Text size="sm">Closed {formatDateTime(dispute.closedAt)}</Text>}
    </Card>
  );
}

/** One dispute: amount, reason, purchase, evidence due date and urgency, Stripe's evidence_details, the evidence form, the outcome. */
export default function DisputePage() {
  const trpc = useTRPC();
  const { disputeId = '' } = useParams();
  const canRespond = hasPermission(useSignedInUser().roles, 'disputes.respond');
  const query = useQuery(trpc.disputes.get.queryOptions({ disputeId }, { refetchInterval: (q) => (q.state.data && isDisputeOpen(q.state.data.status) && q.state.data.responseClosedReason ? POLL_MS : false) }));
  const dispute = query.data;
  if (query.isError) return <Stack><PageTitle>Dispute</PageTitle><Text c="red">{query.error.message}</Text></Stack>;
  if (!dispute) return <Loader aria-label="Loading the dispute" />;
  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to="/disputes" size="sm">← Disputes</Anchor>
        <PageTitle>Dispute of {formatMoney(dispute.amount, dispute.currency)}</PageTitle>
        <Group gap="xs">
          <Text size="sm" ff="monospace">{dispute.stripeDisputeId}</Text>
          <StatusBadge label={DISPUTE_STATUS_LABELS[dispute.status]} color={DISPUTE_STATUS_COLORS[dispute.status]} />
          {isDisputeOpen(dispute.status) && dispute.evidenceDueBy && <EvidenceDueBadge dueBy={dispute.evidenceDueBy} isSubmitted={dispute.evidenceSubmissionCount > 0} />}
        </Group>
      </div>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <Fact label="Amount"><MoneyText amount={dispute.amount} currency={dispute.currency} /></Fact>
          <Fact label="Reason">{dispute.reason.replace(/_/g, ' ')}</Fact>
          <Fact label="Purchase">
            <Anchor component={Link} to={`/transactions/${dispute.purchase.id}`} size="sm" underline="always">{dispute.purchase.pluginName}</Anchor> · {dispute.purchase.buyerEmail} · <MoneyText amount={dispute.purchase.amount} currency={dispute.purchase.currency} />
          </Fact>
          <Fact label="Opened">{formatDateTime(dispute.createdAt)}</Fact>
          <Fact label="Evidence due">{dispute.evidenceDueBy ? <>{formatDateTime(dispute.evidenceDueBy)}{dispute.responseClosedReason ? null : <Text span size="sm"> ({formatDueLabel(dispute.evidenceDueBy)})</Text>}</> : '—'}</Fact>
          <Fact label="Evidence at Stripe"><Badge variant="light" color={dispute.hasEvidence ? 'teal' : 'gray'}>{dispute.hasEvidence ? 'Has evidence' : 'None yet'}</Badge></Fact>
          <Fact label="Submissions"><span data-testid="submission-count">{dispute.evidenceSubmissionCount}</span>{dispute.evidenceSubmittedAt ? ` · submitted ${formatDateTime(dispute.evidenceSubmittedAt)}` : ''}</Fact>
          <Fact label="Past due">{dispute.isEvidencePastDue ? <Badge variant="light" color="red">Due date passed without evidence</Badge> : 'No'}</Fact>
        </SimpleGrid>
      </Card>
      <Outcome dispute={dispute} />
      {canRespond ? <EvidenceForm key={`${dispute.id}:${dispute.evidenceSubmissionCount}`} dispute={dispute} /> : <Text size="sm">Only finance answers disputes.</Text>}
    </Stack>
  );
}
