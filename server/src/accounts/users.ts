import type { SessionUser } from '../auth/sessions.ts';
import type { Sql, TransactionSql } from '../db/sql.ts';

export async function findUserById(sql: Sql | TransactionSql, id: string): Promise<SessionUser | undefined> {
  const [row] = await sql<SessionUser[]>`
    select id, email, display_name, role, locale, email_verified_at, created_at from users where id = ${id}`;
  return row;
}
