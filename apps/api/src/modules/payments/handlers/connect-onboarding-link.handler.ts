import type { SessionUser } from '@marketdesk/shared';
import type { z } from 'zod';
import type { ZOnboardingLinkInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { requireCreatorId } from '../../../platform/trpc/creator.ts';
import { createOnboardingLink } from '../connect-onboarding.ts';

export function onboardingLinkHandler({ ctx, input }: { ctx: Context & { user: SessionUser }; input: z.infer<typeof ZOnboardingLinkInput> }) {
  return createOnboardingLink(ctx.deps, { creatorId: requireCreatorId(ctx.user), ...input });
}
