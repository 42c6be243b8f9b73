import {
  ZLicenseActionInput, ZLicenseBulkInput, ZLicenseBulkOutput, ZLicenseDeactivateMachineInput, ZLicenseDeactivateMachineOutput, ZLicenseDetail, ZLicenseRef,
  ZLicenseCredits, ZLicenseGrantCreditsInput, ZLicenseReplaceInput, ZLicenseReplaceOutput, ZLicenseSearchInput, ZLicenseSearchOutput, ZLicenseStatusChangeOutput, ZLicenseValidationsInput, ZLicenseValidationsOutput,
} from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { ZLicenseUsageInput, ZLicenseUsageOutput, ZResetQuotaInput, ZResetQuotaOutput } from '@marketdesk/shared';
import { licenseUsageHandler, resetQuotaHandler } from '../usage/index.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { grantCreditsHandler, licenseCreditsHandler } from './handlers/credits.handler.ts';
import { bulkLicenseActionHandler, deactivateMachineHandler, licenseActionHandler } from './handlers/actions.handler.ts';
import { getLicenseHandler, searchLicensesHandler } from './handlers/search.handler.ts';
import { listValidationsHandler, replaceLicenseHandler } from './handlers/support.handler.ts';
import { extendTrialHandler, licenseTrialHandler } from './handlers/trial.handler.ts';
import { ZExtendTrialInput, ZLicenseTrial, ZLicenseTrialInput, ZLicenseTrialOutput } from '@marketdesk/shared';

const manage = permissionProcedure('licenses.manage');

export const licensesRouter = router({
  search: permissionProcedure('licenses.read').input(ZLicenseSearchInput).output(ZLicenseSearchOutput).query(searchLicensesHandler),
  get: permissionProcedure('licenses.read').input(ZLicenseRef).output(ZLicenseDetail).query(getLicenseHandler),
  suspend: manage.input(ZLicenseActionInput).output(ZLicenseStatusChangeOutput).mutation(licenseActionHandler('suspend')),
  reinstate: manage.input(ZLicenseActionInput).output(ZLicenseStatusChangeOutput).mutation(licenseActionHandler('reinstate')),
  revoke: manage.input(ZLicenseActionInput).output(ZLicenseStatusChangeOutput).mutation(licenseActionHandler('revoke')),
  deactivateMachine: manage.input(ZLicenseDeactivateMachineInput).output(ZLicenseDeactivateMachineOutput).mutation(deactivateMachineHandler),
  bulk: manage.input(ZLicenseBulkInput).output(ZLicenseBulkOutput).mutation(bulkLicenseActionHandler),
  validations: permissionProcedure('licenses.read').input(ZLicenseValidationsInput).output(ZLicenseValidationsOutput).query(listValidationsHandler),
  replace: manage.input(ZLicenseReplaceInput).output(ZLicenseReplaceOutput).mutation(replaceLicenseHandler),
  usage: permissionProcedure('licenses.read').input(ZLicenseUsageInput).output(ZLicenseUsageOutput).query(licenseUsageHandler),
  resetQuota: manage.input(ZResetQuotaInput).output(ZResetQuotaOutput).mutation(resetQuotaHandler),
  credits: permissionProcedure('licenses.read').input(ZLicenseRef).output(ZLicenseCredits).query(licenseCreditsHandler),
  grantCredits: manage.input(ZLicenseGrantCreditsInput).output(ZLicenseCredits).mutation(grantCreditsHandler),
  trial: permissionProcedure('licenses.read').input(ZLicenseTrialInput).output(ZLicenseTrialOutput).query(licenseTrialHandler),
  extendTrial: manage.input(ZExtendTrialInput).output(ZLicenseTrial).mutation(extendTrialHandler),
});
