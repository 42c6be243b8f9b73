import { z } from 'zod';

export const ZAuditEntry = z.object({
  id: z.string(),
  occurredAt: z.date(),
  actorId: z.string().nullable(),
  actorEmail: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  reason: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditListInput = z
  .object({
    actor: z.string().trim().max(254).optional(),
    action: z.string().trim().max(100).optional(),
    targetType: z.string().trim().max(100).optional(),
    targetId: z.string().trim().max(200).optional(),
    from: z.date().optional(),
    to: z.date().optional(),
    /** Opaque keyset cursor from the previous page's `nextCursor`. */
    cursor: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '"from" must be before "to"', path: ['to'] });
export type AuditListInput = z.input<typeof ZAuditListInput>;

export const ZAuditListOutput = z.object({
  items: z.array(ZAuditEntry),
  nextCursor: z.string().nullable(),
});
