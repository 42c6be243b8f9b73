import { ZSearchGlobalInput, ZSearchGlobalOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { searchGlobalHandler } from './handlers/search-global.handler.ts';

export const searchRouter = router({
  global: permissionProcedure('search.global').input(ZSearchGlobalInput).output(ZSearchGlobalOutput).query(searchGlobalHandler),
});
