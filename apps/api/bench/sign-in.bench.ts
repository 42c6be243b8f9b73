/**
 * The cost floor of a sign-in: one argon2id verification with our parameters (OWASP's
 * m = 19 MiB, t = 2), measured beside a whole sign-in through the service on PGlite.
 */
import { hashPassword, verifyPassword } from '../src/modules/auth/index.ts';
import { signIn } from '../src/modules/auth/index.ts';
import { createTestUser, openTestDatabase, TEST_PASSWORD, testDeps } from '../test/harness.ts';
import { measure, ms, type BenchRow } from './measure.ts';

export async function benchSignIn(): Promise<BenchRow[]> {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const verify = await measure(() => verifyPassword(passwordHash, TEST_PASSWORD), 30, 3);
  const db = await openTestDatabase({ target: 'pglite' });
  try {
    const user = await createTestUser(db.prisma, ['ADMIN']);
    const deps = testDeps(db);
    const whole = await measure(() => signIn(deps, { email: user.email, password: TEST_PASSWORD, ip: '127.0.0.1', userAgent: null, knownClientToken: null }), 30, 3);
    return [
      {
        figure: 'auth.signIn end to end (PGlite)',
        value: `median ${ms(whole.medianMs)}, p95 ${ms(whole.p95Ms)}`,
        target: 'p95 < 100 ms (feels instant)',
        baseline: `argon2id verify alone median ${ms(verify.medianMs)} (ratio ${(whole.medianMs / verify.medianMs).toFixed(2)})`,
      },
    ];
  } finally {
    await db.close();
  }
}
