/**
 * The names people know audit targets by, in place of their cuids: a plugin's package name, a
 * creator's display name, a staff account's email, a purchase, license, subscription, refund or
 * dispute as "plugin · buyer", a submission as "plugin@version", a Stripe event by its type.
 * Resolved for a whole page at once: one query per target type on the page, never one per row.
 */
import type { AppDeps } from '../../platform/deps.ts';

/** An audit row's target: its type as written by writeAudit ("User", "License"…) and its id. */
export interface AuditTarget {
  targetType: string;
  targetId: string;
}

const pluginAndBuyer = (row: { plugin: { name: string }; buyerEmail: string }) => `${row.plugin.name} · ${row.buyerEmail}`;
const purchaseSelect = { select: { buyerEmail: true, plugin: { select: { name: true } } } } as const;

type Db = Pick<AppDeps, 'prisma'>['prisma'];
/** A target's id, its name and — when its page is another record's (a refund's is its purchase's) — that record. */
type Named = [id: string, name: string, opens?: AuditTarget];
type Namer = (prisma: Db, ids: string[]) => Promise<Named[]>;

/** What nameAuditTargets knows of a target: its name and the record whose page shows it. */
export interface NamedAuditTarget {
  name: string;
  opens: AuditTarget;
}

/** One bulk read per target type; a type not listed here keeps its id (its name is null). */
const NAMERS: Record<string, Namer> = {
  User: async (prisma, ids) => (await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]),
  Plugin: async (prisma, ids) => (await prisma.plugin.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]),
  Creator: async (prisma, ids) => (await prisma.creatorAccount.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } })).map((c) => [c.id, c.displayName]),
  Purchase: async (prisma, ids) => (await prisma.purchase.findMany({ where: { id: { in: ids } }, select: { id: true, ...purchaseSelect.select } })).map((p) => [p.id, pluginAndBuyer(p)]),
  License: async (prisma, ids) => (await prisma.license.findMany({ where: { id: { in: ids } }, select: { id: true, buyerEmail: true, plugin: { select: { name: true } } } })).map((l) => [l.id, pluginAndBuyer(l)]),
  Refund: async (prisma, ids) => (await prisma.refund.findMany({ where: { id: { in: ids } }, select: { id: true, purchaseId: true, purchase: purchaseSelect } }))
    .map((r) => [r.id, `Refund of ${pluginAndBuyer(r.purchase)}`, { targetType: 'Purchase', targetId: r.purchaseId }]),
  Dispute: async (prisma, ids) => (await prisma.dispute.findMany({ where: { id: { in: ids } }, select: { id: true, purchaseId: true, purchase: purchaseSelect } }))
    .map((d) => [d.id, `Dispute of ${pluginAndBuyer(d.purchase)}`, { targetType: 'Purchase', targetId: d.purchaseId }]),
  Submission: async (prisma, ids) => (await prisma.submission.findMany({ where: { id: { in: ids } }, select: { id: true, plugin: { select: { name: true } }, pluginVersion: { select: { version: true } } } })).map((s) => [s.id, `${s.plugin.name}@${s.pluginVersion.version}`]),
  StripeEvent: async (prisma, ids) => (await prisma.stripeEvent.findMany({ where: { id: { in: ids } }, select: { id: true, type: true } })).map((e) => [e.id, e.type]),
  // A subscription has no plugin relation: its plugins are read in one more query for the page.
  Subscription: async (prisma, ids) => {
    const subscriptions = await prisma.subscription.findMany({ where: { id: { in: ids } }, select: { id: true, buyerEmail: true, pluginId: true } });
    const plugins = await prisma.plugin.findMany({ where: { id: { in: [...new Set(subscriptions.map((s) => s.pluginId))] } }, select: { id: true, name: true } });
    const pluginNames = new Map(plugins.map((p) => [p.id, p.name]));
    return subscriptions.map((s): Named => [s.id, `${pluginNames.get(s.pluginId) ?? s.pluginId} · ${s.buyerEmail}`]);
  },
};

/** The key of a target in the map {@link nameAuditTargets} returns. */
export const auditTargetKey = (target: AuditTarget): string => `${target.targetType}:${target.targetId}`;

/**
 * Names `targets` (an audit page's rows): `Map<auditTargetKey, { name, opens }>` where `opens` is
 * the record whose console page shows the target (itself, or a refund's or dispute's purchase).
 * A target whose row no longer exists, or whose type has no name, is absent from the map.
 * Queries: one per distinct target type among `targets` (two for subscriptions).
 */
export async function nameAuditTargets(deps: Pick<AppDeps, 'prisma'>, input: { targets: readonly AuditTarget[] }): Promise<Map<string, NamedAuditTarget>> {
  const idsByType = new Map<string, Set<string>>();
  for (const { targetType, targetId } of input.targets) {
    if (!NAMERS[targetType]) continue;
    const ids = idsByType.get(targetType) ?? new Set<string>();
    ids.add(targetId);
    idsByType.set(targetType, ids);
  }
  const named = await Promise.all([...idsByType].map(async ([targetType, ids]) => {
    const pairs = await NAMERS[targetType]!(deps.prisma, [...ids]);
    return pairs.map(([targetId, name, opens]) => [auditTargetKey({ targetType, targetId }), { name, opens: opens ?? { targetType, targetId } }] as const);
  }));
  return new Map(named.flat());
}
