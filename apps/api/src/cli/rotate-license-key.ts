/**
 * `npm run licenses:rotate-key`: makes a new CURRENT license signing key and retires the old one.
 * Issued licenses keep validating (retired keys stay in the database and in /.well-known/jwks.json);
 * new licenses and response signatures use the new kid (running API processes switch within a minute).
 * Uses DATABASE_URL (or the embedded database) and LICENSE_KEY_ENCRYPTION_KEY like the API.
 */
import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/db/database.ts';
import { applyMigrations } from '../platform/db/migrations.ts';
import { systemClock } from '../platform/deps.ts';
import { rotateSigningKey } from '../modules/licenses/index.ts';

const config = loadConfig();
const db = await openDatabase(config);
try {
  await applyMigrations(db.migrationAdapterFactory);
  const { kid, retiredKid } = await rotateSigningKey({ prisma: db.prisma, config, clock: systemClock });
  console.log(`current license signing key: ${kid}${retiredKid ? ` (retired ${retiredKid}, still published for verification)` : ''}`);
} finally {
  await db.close();
}
