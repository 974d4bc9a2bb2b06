import type { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

/** The little of SQL the store needs, so that PGlite (embedded) and PostgreSQL (pg) are interchangeable. */
export interface SqlQueryable {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

export interface SqlDatabase extends SqlQueryable {
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
}

/** PGlite in a data directory, or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir: string | undefined): Promise<SqlDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db: PGlite = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  return {
    kind: 'pglite',
    async query<R>(text: string, params?: unknown[]) {
      return (await db.query<R>(text, params)).rows;
    },
    transaction(work) {
      return db.transaction((tx) => work({ query: async <R,>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows }));
    },
    close: () => db.close(),
  };
}

export async function openPostgres(url: string): Promise<SqlDatabase> {
  const { default: pg } = await import('pg');
  const pool: Pool = new pg.Pool({ connectionString: url, max: 8 });
  // Fail now, with the server's words, rather than on the first request.
  await pool.query('select 1');
  const on = (client: Pool | PoolClient): SqlQueryable => ({
    async query<R>(text: string, params?: unknown[]) {
      return (await client.query(text, params)).rows as R[];
    },
  });
  return {
    kind: 'postgres',
    query: on(pool).query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(on(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export function openDatabase(options: { databaseUrl?: string; dataDir?: string }): Promise<SqlDatabase> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
