import { ZReferenceInput, ZReferenceOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { creatorReferencesHandler, pluginReferencesHandler } from './handlers/references.handler.ts';

export const referenceRouter = router({
  plugins: permissionProcedure('catalog.read').input(ZReferenceInput).output(ZReferenceOutput).query(pluginReferencesHandler),
  creators: permissionProcedure('catalog.read').input(ZReferenceInput).output(ZReferenceOutput).query(creatorReferencesHandler),
});
