import type { NetworkSettings } from '../../../shared/accounts.schema.ts';
import type { Sql, TransactionSql } from '../db/sql.ts';

export async function getNetworkSettings(sql: Sql | TransactionSql): Promise<NetworkSettings> {
  const [row] = await sql<{ invitationOnly: boolean }[]>`select invitation_only from network_settings where id`;
  return { invitationOnly: row?.invitationOnly ?? false };
}

export async function setNetworkSettings(sql: Sql, s: NetworkSettings, by: string): Promise<NetworkSettings> {
  await sql`insert into network_settings (id, invitation_only, updated_at, updated_by) values (true, ${s.invitationOnly}, now(), ${by})
    on conflict (id) do update set invitation_only = excluded.invitation_only, updated_at = now(), updated_by = excluded.updated_by`;
  return getNetworkSettings(sql);
}
