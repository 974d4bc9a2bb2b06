import { randomBytes } from 'node:crypto';
import { openPglite, openPostgres, type SqlDatabase } from './sql';

/**
 * The databases a store test runs against: PGlite always, PostgreSQL too when
 * PLEXAI_TEST_DATABASE_URL names one (CI sets it). Each PostgreSQL opening gets its own schema,
 * dropped on close, so runs never see each other's rows.
 */
export const testDatabases: { name: string; open(): Promise<SqlDatabase> }[] = [
  { name: 'pglite', open: () => openPglite(undefined) },
  ...(process.env.PLEXAI_TEST_DATABASE_URL ? [{ name: 'postgres', open: () => openTestPostgres(process.env.PLEXAI_TEST_DATABASE_URL!) }] : []),
];

async function openTestPostgres(url: string): Promise<SqlDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(url);
  await admin.query(`create schema ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openPostgres(scoped.toString());
  return {
    ...db,
    async close() {
      await db.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.close();
    },
  };
}
