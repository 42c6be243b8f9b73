import type { z } from 'zod';
import type { ZLicenseRef, ZLicenseSearchInput } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { getLicense } from '../get-license.ts';
import { searchLicenses } from '../search-licenses.ts';

export function searchLicensesHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZLicenseSearchInput> }) {
  return searchLicenses(ctx.deps, input);
}

export function getLicenseHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZLicenseRef> }) {
  return getLicense(ctx.deps, { licenseId: input.id });
}
