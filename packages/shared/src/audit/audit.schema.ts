import { z } from 'zod';
import { PERIOD_EARLIEST, PERIOD_LATEST } from '../finance/period.schema.ts';
import { ZCursor, zPageSize, zText } from '../text.ts';

export const ZAuditEntry = z.object({
  id: z.string(),
  occurredAt: z.date(),
  actorId: z.string().nullable(),
  actorEmail: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  /** What people call the target ("@scope/plugin · buyer@example.com", "plugin@1.2.0", an email); null when it has no name. */
  targetName: z.string().nullable(),
  /** The record whose console page shows the target: itself, or a refund's or dispute's purchase; null when unknown. */
  targetOpens: z.object({ targetType: z.string(), targetId: z.string() }).nullable(),
  reason: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof ZAuditEntry>;

/** Within the years 2000–2100 like every period (period.schema.ts): PostgreSQL's timestamps end before JavaScript's. */
const ZAuditDate = z.date().min(PERIOD_EARLIEST, 'must be in the years 2000–2100 (UTC)').max(PERIOD_LATEST, 'must be in the years 2000–2100 (UTC)');

export const ZAuditListInput = z
  .object({
    actor: zText({ max: 254 }).optional(),
    action: zText({ max: 100 }).optional(),
    targetType: zText({ max: 100 }).optional(),
    targetId: zText({ max: 200 }).optional(),
    from: ZAuditDate.optional(),
    to: ZAuditDate.optional(),
    /** Opaque keyset cursor from the previous page's `nextCursor`. */
    cursor: ZCursor.optional(),
    limit: zPageSize(200, 50),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '"from" must be before "to"', path: ['to'] });
export type AuditListInput = z.input<typeof ZAuditListInput>;

export const ZAuditListOutput = z.object({
  items: z.array(ZAuditEntry),
  nextCursor: z.string().nullable(),
});
