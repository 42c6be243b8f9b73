import type { z } from 'zod';
import type { SessionUser, ZLicenseReplaceInput, ZLicenseValidationsInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { listValidations } from '../list-validations.ts';
import { replaceLicense } from '../replace-license.ts';

type Authed = Context & { user: SessionUser };

export function listValidationsHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZLicenseValidationsInput> }) {
  return listValidations(ctx.deps, input);
}

export function replaceLicenseHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZLicenseReplaceInput> }) {
  return replaceLicense(ctx.deps, { actor: actorFrom(ctx), licenseId: input.licenseId, reason: input.reason });
}
