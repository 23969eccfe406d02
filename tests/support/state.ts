import type { RunningServer } from '../../server/src/server.ts';

/**
 * Columns that background work changes on its own schedule, whatever the requests do:
 * the presence heartbeat and the mail queue's delivery bookkeeping. A refused request
 * must not add, remove or change rows; these columns would make that unobservable.
 */
const backgroundColumns: Record<string, string[]> = {
  presence_nodes: ['heartbeat_at'],
  presence_connections: ['last_seen'],
  mail_outbox: ['status', 'attempts', 'next_attempt_at', 'locked_until', 'last_error', 'transport', 'sent_at'],
};

/** Every table of the server's schema (migrations bookkeeping included). */
export async function allTables(server: RunningServer): Promise<string[]> {
  const rows = await server.ctx.sql<{ tableName: string }[]>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`;
  return rows.map((r) => r.tableName);
}

/**
 * All rows of all tables (minus the background columns above), in a stable order, to
 * prove that a refused request changed nothing. `exclude` names tables left out.
 */
export async function snapshotAll(server: RunningServer, exclude: string[] = []): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of await allTables(server)) {
    if (exclude.includes(table)) continue;
    const cols = await server.ctx.sql<{ columnName: string }[]>`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} order by ordinal_position`;
    const keep = cols.map((c) => c.columnName).filter((c) => !(backgroundColumns[table] ?? []).includes(c));
    const list = keep.map((c) => `"${c}"`).join(', ');
    const rows = await server.ctx.sql.unsafe(`select ${list} from "${table}"`);
    // Sorted here rather than in SQL, where some column types have no ordering.
    out[table] = [...rows].map((r) => ({ ...r })).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  return out;
}
