import type { z } from 'zod';
import type { SessionUser, ZLicenseUsageInput, ZResetQuotaInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { getLicenseUsage } from '../license-usage.ts';
import { resetQuota } from '../reset-quota.ts';

type Authed = Context & { user: SessionUser };

export function licenseUsageHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZLicenseUsageInput> }) {
  return getLicenseUsage(ctx.deps, input);
}

export function resetQuotaHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZResetQuotaInput> }) {
  return resetQuota(ctx.deps, { actor: actorFrom(ctx), ...input });
}
