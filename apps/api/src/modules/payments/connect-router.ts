import { ZOnboardingLinkInput, ZOnboardingLinkOutput, ZPayoutSetupStatus, ZRestrictedCreatorsInput, ZRestrictedCreatorsOutput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { onboardingLinkHandler } from './handlers/connect-onboarding-link.handler.ts';
import { refreshHandler } from './handlers/connect-refresh.handler.ts';
import { restrictedHandler } from './handlers/connect-restricted.handler.ts';
import { statusHandler } from './handlers/connect-status.handler.ts';

/** Stripe Connect onboarding: a creator's own payout setup, and finance's list of restricted creators. */
export const connectRouter = router({
  status: permissionProcedure('creator.readOwn').output(ZPayoutSetupStatus).query(statusHandler),
  refresh: permissionProcedure('payouts.setup').output(ZPayoutSetupStatus).mutation(refreshHandler),
  createOnboardingLink: permissionProcedure('payouts.setup').input(ZOnboardingLinkInput).output(ZOnboardingLinkOutput).mutation(onboardingLinkHandler),
  restrictedCreators: permissionProcedure('finance.read').input(ZRestrictedCreatorsInput).output(ZRestrictedCreatorsOutput).query(restrictedHandler),
});
