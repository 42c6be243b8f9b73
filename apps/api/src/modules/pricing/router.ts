import { ZPluginPricing, ZSaveTiersInput, ZTiersInput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { ownTiersHandler, saveTiersHandler, tiersHandler } from './handlers/tiers.handler.ts';

export const pricingRouter = router({
  tiers: permissionProcedure('catalog.read').input(ZTiersInput).output(ZPluginPricing).query(tiersHandler),
  ownTiers: permissionProcedure('creator.readOwn').input(ZTiersInput).output(ZPluginPricing).query(ownTiersHandler),
  saveTiers: permissionProcedure('pricing.manageOwn').input(ZSaveTiersInput).output(ZPluginPricing).mutation(saveTiersHandler),
});
