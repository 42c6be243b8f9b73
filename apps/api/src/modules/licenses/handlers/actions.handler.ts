import type { z } from 'zod';
import type { SessionUser, ZLicenseActionInput, ZLicenseBulkInput, ZLicenseDeactivateMachineInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { actorFrom } from '../../../platform/trpc/actor.ts';
import { changeLicenseStatus, changeLicenseStatuses, deactivateMachine, type LicenseAction } from '../change-license-status.ts';

type Authed = Context & { user: SessionUser };

/** A handler for one status action (suspend, reinstate, revoke). */
export function licenseActionHandler(action: LicenseAction) {
  return ({ ctx, input }: { ctx: Authed; input: z.output<typeof ZLicenseActionInput> }) => changeLicenseStatus(ctx.deps, { actor: actorFrom(ctx), action, licenseId: input.id, reason: input.reason });
}

export async function bulkLicenseActionHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZLicenseBulkInput> }) {
  return { results: await changeLicenseStatuses(ctx.deps, { actor: actorFrom(ctx), action: input.action, licenseIds: input.ids, reason: input.reason }) };
}

export function deactivateMachineHandler({ ctx, input }: { ctx: Authed; input: z.output<typeof ZLicenseDeactivateMachineInput> }) {
  return deactivateMachine(ctx.deps, { actor: actorFrom(ctx), licenseId: input.licenseId, activationId: input.activationId, reason: input.reason });
}
