import { randomUUID } from 'node:crypto';
import { profileBody, type ProfileBody } from '../../shared/profiles.schema.ts';
import { saveProfile } from '../../server/src/profiles/profiles.queries.ts';
import type { TestServer } from '../support/server.ts';
import type { Member } from './rooms.fixtures.ts';

// Shared by the profiles, matches and exchanges tests.

export const MENDE = '48095';
export const FLORAC = '48061';
export const VILLEFORT = '48198';

export const emptyProfile = (name: string): ProfileBody => ({
  displayName: name,
  communeCode: null,
  bio: '',
  offers: [],
  seeks: [],
  availability: [],
  languages: [],
  visibility: 'network',
});

/** Saves a member's whole profile through the API. */
export async function setProfile(m: Member, p: Partial<ProfileBody>): Promise<any> {
  const res = await m.client.request('PUT', '/api/profile', { ...emptyProfile(m.name), ...p });
  if (res.status !== 200) throw new Error(`profile save failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A member made straight in the database (no sign-up, so no sign-up rate limit), with a profile. */
export async function quietMember(server: TestServer, name: string, p: Partial<ProfileBody> = {}): Promise<string> {
  const body = profileBody.parse({ ...emptyProfile(name), ...p });
  return server.ctx.sql.begin(async (tx) => {
    const [row] = await tx<{ id: string }[]>`insert into users (email, display_name) values (${`${randomUUID()}@example.org`}, ${name}) returning id`;
    await saveProfile(tx, row!.id, body);
    return row!.id;
  });
}
