import type { z } from 'zod';
import type { SessionUser, ZExtendTrialInput, ZLicenseTrialInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { extendTrial, readLicenseTrial } from '../../trials/index.ts';

type Authed = Context & { user: SessionUser };

export function licenseTrialHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZLicenseTrialInput> }) {
  return readLicenseTrial(ctx.deps, input);
}

export function extendTrialHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZExtendTrialInput> }) {
  return extendTrial(ctx.deps, { actor: actorFrom(ctx), ...input });
}
