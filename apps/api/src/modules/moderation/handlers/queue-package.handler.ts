import type { z } from 'zod';
import type { ZPackageFileRef, ZSubmissionRef } from '@marketdesk/shared';
import type { Context } from '../../../platform/trpc/context.ts';
import { diffPackageFile, diffPackageVersions } from '../diff-package-versions.ts';
import { listPackageFiles, readPackageFile } from '../read-package-files.ts';

export function packageFilesHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZSubmissionRef> }) {
  return listPackageFiles(ctx.deps, input);
}

export function packageFileHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZPackageFileRef> }) {
  return readPackageFile(ctx.deps, input);
}

export function packageDiffHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZSubmissionRef> }) {
  return diffPackageVersions(ctx.deps, input);
}

export function packageFileDiffHandler({ ctx, input }: { ctx: Context; input: z.output<typeof ZPackageFileRef> }) {
  return diffPackageFile(ctx.deps, input);
}
