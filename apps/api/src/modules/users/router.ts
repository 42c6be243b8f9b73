import { ZStaffUser, ZUsersCreateInput, ZUsersListInput, ZUsersListOutput, ZUsersResetPasswordInput, ZUsersSetDisabledInput, ZUsersSetRolesInput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { permissionProcedure } from '../../platform/trpc/procedures.ts';
import { createUserHandler } from './handlers/create.handler.ts';
import { listUsersHandler } from './handlers/list.handler.ts';
import { disableUserHandler, enableUserHandler, resetPasswordHandler, setRolesHandler } from './handlers/access.handler.ts';

export const usersRouter = router({
  list: permissionProcedure('users.read').input(ZUsersListInput).output(ZUsersListOutput).query(listUsersHandler),
  create: permissionProcedure('users.manage').input(ZUsersCreateInput).output(ZStaffUser).mutation(createUserHandler),
  setRoles: permissionProcedure('users.manage').input(ZUsersSetRolesInput).output(ZStaffUser).mutation(setRolesHandler),
  disable: permissionProcedure('users.manage').input(ZUsersSetDisabledInput).output(ZStaffUser).mutation(disableUserHandler),
  enable: permissionProcedure('users.manage').input(ZUsersSetDisabledInput).output(ZStaffUser).mutation(enableUserHandler),
  resetPassword: permissionProcedure('users.manage').input(ZUsersResetPasswordInput).output(ZStaffUser).mutation(resetPasswordHandler),
});
