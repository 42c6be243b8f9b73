import { z } from 'zod';
import { ZMeOutput, ZSessionUser, ZSignInInput } from '@marketdesk/shared';
import { router } from '../../platform/trpc/init.ts';
import { authedProcedure, publicProcedure } from '../../platform/trpc/procedures.ts';
import { meHandler } from './handlers/me.handler.ts';
import { signInHandler } from './handlers/sign-in.handler.ts';

export const authRouter = router({
  signIn: publicProcedure.input(ZSignInInput).output(ZSessionUser).mutation(signInHandler),
  me: publicProcedure.output(ZMeOutput).query(meHandler),
  signOut: authedProcedure.output(z.object({ ok: z.literal(true) })).mutation(({ ctx }) => {
    ctx.clearSessionCookie();
    return { ok: true as const };
  }),
});
