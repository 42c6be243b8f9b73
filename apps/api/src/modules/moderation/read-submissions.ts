/**
 * Reading submissions: a creator's own list, and one submission's detail (package metadata,
 * newest quality report with findings, decision and reply history). Creators are scoped in the
 * `where`: another creator's submission is simply not found.
 */
import { AppError, ZDeclaredLicensing, type SubmissionDetail, type SubmissionLicensing, type SubmissionSummary } from '@marketdesk/shared';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { AppDeps } from '../../platform/deps.ts';
import type { ModerationDeps } from './deps.ts';
import { quotaMetrics } from './scan-jobs.ts';

const SUMMARY_SELECT = {
  id: true, version: true, status: true, queueReasons: true, dueAt: true, submittedAt: true, decidedAt: true,
  qualityScore: true, reportStatus: true, hasCriticalFindings: true,
  plugin: { select: { id: true, name: true } },
  pluginVersion: { select: { version: true, manifest: true, sizeBytes: true } },
  decisions: { orderBy: { createdAt: 'desc' }, take: 1, select: { kind: true, message: true, createdAt: true, reason: { select: { label: true } } } },
} as const satisfies Prisma.SubmissionSelect;

type SummaryRow = Prisma.SubmissionGetPayload<{ select: typeof SUMMARY_SELECT }>;

function toSummary(row: SummaryRow): SubmissionSummary {
  const last = row.decisions[0];
  return {
    id: row.id, version: row.version, status: row.status, queueReasons: row.queueReasons, dueAt: row.dueAt, submittedAt: row.submittedAt,
    decidedAt: row.decidedAt, plugin: row.plugin, pluginVersion: row.pluginVersion.version, score: row.qualityScore,
    reportStatus: row.reportStatus, hasCriticalFindings: row.hasCriticalFindings,
    lastDecision: last ? { kind: last.kind, message: last.message, reason: last.reason?.label ?? null, createdAt: last.createdAt } : null,
  };
}

/**
 * One page of creator `creatorId`'s submissions, newest first: page `page` (from 1) of
 * `pageSize`, optionally of one `status`.
 * @returns `{ total, items }`.
 */
export async function listCreatorSubmissions(deps: Pick<AppDeps, 'prisma'>, { creatorId, ...input }: { creatorId: string; status?: SubmissionSummary['status']; page: number; pageSize: number }) {
  const { prisma } = deps;
  const where: Prisma.SubmissionWhereInput = { creatorId, ...(input.status ? { status: input.status } : {}) };
  const [total, rows] = await prisma.$transaction([
    prisma.submission.count({ where }),
    prisma.submission.findMany({ where, orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }], skip: (input.page - 1) * input.pageSize, take: input.pageSize, select: SUMMARY_SELECT }),
  ]);
  return { total, items: rows.map(toSummary) };
}

/**
 * The detail of `{ submissionId }`; with `creatorId`, only if it is that creator's, and without
 * the moderators' override reasons (an internal note). The claim is shown while it runs at
 * `deps.clock.now()`.
 * @throws AppError NOT_FOUND otherwise.
 */
export async function getSubmissionDetail(deps: ModerationDeps, { submissionId: id, creatorId }: { submissionId: string; creatorId?: string }): Promise<SubmissionDetail> {
  const now = deps.clock.now();
  const row = await deps.prisma.submission.findFirst({
    where: { id, ...(creatorId ? { creatorId } : {}) },
    select: {
      ...SUMMARY_SELECT,
      claimedById: true, claimExpiresAt: true, claimedBy: { select: { name: true } },
      creator: { select: { id: true, displayName: true } },
      plugin: { select: { id: true, name: true, tiers: { orderBy: [{ sortOrder: 'asc' }, { priceAmount: 'asc' }], select: { key: true, name: true, entitlements: true, quotas: true } } } },
      decisions: { orderBy: { createdAt: 'asc' }, select: { kind: true, message: true, overrideReason: true, createdAt: true, reason: { select: { label: true } }, moderator: { select: { name: true } } } },
      messages: { orderBy: { createdAt: 'asc' }, select: { body: true, createdAt: true, author: { select: { name: true } } } },
      qualityReports: {
        orderBy: { createdAt: 'desc' }, take: 1,
        select: {
          id: true, status: true, failureReason: true, score: true, lintScore: true, typesScore: true, testsScore: true, docsScore: true, breakdown: true, createdAt: true, finishedAt: true,
          findings: { orderBy: [{ severity: 'desc' }, { file: 'asc' }, { line: 'asc' }], select: { id: true, ruleId: true, severity: true, file: true, line: true, column: true, message: true, snippet: true } },
        },
      },
    },
  });
  if (!row) throw new AppError('NOT_FOUND', { message: `No submission ${id}`, field: 'submissionId' });
  const history: SubmissionDetail['history'] = [
    ...row.decisions.map((d) => ({ kind: d.kind, author: d.moderator.name, message: d.message, reason: d.reason?.label ?? null, overrideReason: creatorId ? null : d.overrideReason, createdAt: d.createdAt })),
    ...row.messages.map((m) => ({ kind: 'REPLY' as const, author: m.author.name, message: m.body, reason: null, overrideReason: null, createdAt: m.createdAt })),
  ].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const isClaimed = row.claimedById && row.claimExpiresAt && row.claimExpiresAt > now;
  return {
    ...toSummary({ ...row, decisions: row.decisions.slice(-1) }),
    plugin: { id: row.plugin.id, name: row.plugin.name },
    creator: row.creator,
    manifest: row.pluginVersion.manifest ?? null,
    sizeBytes: row.pluginVersion.sizeBytes,
    claim: isClaimed ? { holderId: row.claimedById!, holderName: row.claimedBy?.name ?? '', expiresAt: row.claimExpiresAt! } : null,
    report: row.qualityReports[0] ?? null,
    licensing: licensingOf(row.qualityReports[0]?.breakdown, row.plugin.tiers),
    history,
  };
}

/**
 * The Licensing section: the declaration the scanner kept in the report's breakdown JSON
 * (`declared`; null when absent, unreadable or from a report made before declarations were read)
 * beside the tiers' entitlements and quota metrics.
 */
function licensingOf(breakdown: unknown, tiers: { key: string; name: string; entitlements: string[]; quotas: unknown }[]): SubmissionLicensing {
  const stored = breakdown && typeof breakdown === 'object' ? (breakdown as { declared?: unknown }).declared : undefined;
  const declared = ZDeclaredLicensing.safeParse(stored);
  return {
    declared: declared.success ? declared.data : null,
    tiers: tiers.map((tier) => ({ key: tier.key, name: tier.name, entitlements: tier.entitlements, metrics: quotaMetrics(tier.quotas) })),
  };
}
