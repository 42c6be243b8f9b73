import type { z } from 'zod';
import type { SessionUser, ZLicenseGrantCreditsInput, ZLicenseRef } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { grantCredits, readLicenseCredits } from '../../payments/index.ts';

type Authed = Context & { user: SessionUser };

/** `licenses.credits`: the license's credit balance and movements (from the ledger). */
export function licenseCreditsHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZLicenseRef> }) {
  return readLicenseCredits(ctx.deps, { licenseId: input.id });
}

/** `licenses.grantCredits`: support adds credits with a reason (ledger posting + audit row, one transaction). */
export function grantCreditsHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZLicenseGrantCreditsInput> }) {
  return grantCredits(ctx.deps, { actor: actorFrom(ctx), licenseId: input.licenseId, amount: input.amount, reason: input.reason });
}
