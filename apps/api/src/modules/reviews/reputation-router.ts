/**
 * `reputation.*`: staff read a plugin's rating (`plugin`, reviews.read) and a creator's record
 * (`creator`, reputation.read: admin, moderator, finance). Both are read-only.
 */
import { ZReputationCreatorInput, ZReputationCreatorOutput, ZReputationPluginInput, ZReputationPluginOutput } from '@marketdesk/shared';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { router } from '../../platform/trpc/init.ts';
import { creatorReputationHandler, pluginReputationHandler } from './handlers/reputation.handler.ts';

export const reputationRouter = router({
  plugin: permissionProcedure('reviews.read').input(ZReputationPluginInput).output(ZReputationPluginOutput).query(pluginReputationHandler),
  creator: permissionProcedure('reputation.read').input(ZReputationCreatorInput).output(ZReputationCreatorOutput).query(creatorReputationHandler),
});
