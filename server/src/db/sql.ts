import postgres from 'postgres';

export type Sql = postgres.Sql<{}>;
export type TransactionSql = postgres.TransactionSql<{}>;

/**
 * The one postgres.js instance of the process. Column names come back in camelCase
 * and `sql(object)` writes camelCase keys to snake_case columns.
 */
export function createSql(url: string, opts: { embedded: boolean }): Sql {
  return postgres(url, {
    // PGlite is one backend: one connection, no named statements shared across clients.
    max: opts.embedded ? 1 : 10,
    prepare: !opts.embedded,
    connect_timeout: 5,
    idle_timeout: 60,
    onnotice: () => {},
    transform: postgres.camel,
    connection: { application_name: 'maillage', TimeZone: 'UTC' },
  }) as Sql;
}

/** True when an error means the database could not be reached (as opposed to a bad query). */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'CONNECT_TIMEOUT' ||
    code === 'CONNECTION_CLOSED' ||
    code === 'CONNECTION_ENDED' ||
    code === 'CONNECTION_DESTROYED' ||
    code === 'ETIMEDOUT' ||
    code === 'EPIPE' ||
    code === '57P01' || // admin_shutdown
    code === '57P02' || // crash_shutdown
    code === '57P03' // cannot_connect_now
  );
}
