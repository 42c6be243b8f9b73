import { z } from 'zod';
import { ZChangePasswordInput, ZChangePasswordOutput, ZMeOutput, ZSessionUser, ZSignInInput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { authedProcedure, publicProcedure } from '../../platform/trpc/procedures.ts';
import { changePasswordHandler } from './handlers/change-password.handler.ts';
import { meHandler } from './handlers/me.handler.ts';
import { signInHandler } from './handlers/sign-in.handler.ts';
import { signOutHandler } from './handlers/sign-out.handler.ts';

export const authRouter = router({
  signIn: publicProcedure.input(ZSignInInput).output(ZSessionUser).mutation(signInHandler),
  me: publicProcedure.output(ZMeOutput).query(meHandler),
  signOut: authedProcedure.output(z.object({ ok: z.literal(true) })).mutation(signOutHandler),
  changePassword: authedProcedure.input(ZChangePasswordInput).output(ZChangePasswordOutput).mutation(changePasswordHandler),
});
