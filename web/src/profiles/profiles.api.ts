import type { ExchangeList, ExchangeView } from '../../../shared/exchanges.schema.ts';
import type { DirectoryPage, DirectoryQuery, MatchesPage, ProfileBody, ProfileView } from '../../../shared/profiles.schema.ts';
import type { SkillList } from '../../../shared/skills.schema.ts';
import { api, type ApiResult } from '../api/api.ts';

const qs = (q: Record<string, unknown>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '' && v !== null) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

async function uploadAvatar(file: File): Promise<ApiResult<{ avatarUrl: string }>> {
  try {
    const res = await fetch('/api/profile/avatar', { method: 'PUT', credentials: 'same-origin', headers: { 'content-type': file.type }, body: file });
    const body = await res.json().catch(() => undefined);
    return res.ok ? { ok: true, data: body } : { ok: false, error: body?.error ?? { code: 'internal', message: `HTTP ${res.status}` } };
  } catch (err) {
    return { ok: false, error: { code: 'network', message: String(err) } };
  }
}

export const profilesApi = {
  mine: () => api<ProfileView>('GET', '/api/profile'),
  save: (body: ProfileBody) => api<ProfileView>('PUT', '/api/profile', body),
  uploadAvatar,
  removeAvatar: () => api<void>('DELETE', '/api/profile/avatar'),
  get: (id: string) => api<ProfileView>('GET', `/api/profiles/${encodeURIComponent(id)}`),
  directory: (q: DirectoryQuery) => api<DirectoryPage>('GET', `/api/profiles${qs(q)}`),
  matches: (page = 1) => api<MatchesPage>('GET', `/api/matches${qs({ page })}`),
  skills: (q: string) => api<SkillList>('GET', `/api/skills${qs({ q })}`),
};

export const exchangesApi = {
  list: () => api<ExchangeList>('GET', '/api/exchanges'),
  propose: (body: { toUserId: string; offer: string; ask: string; message: string }) => api<ExchangeView>('POST', '/api/exchanges', body),
  act: (id: string, action: 'accept' | 'decline' | 'cancel' | 'done') => api<ExchangeView>('POST', `/api/exchanges/${id}/${action}`, {}),
  counter: (id: string, body: { offer: string; ask: string; message: string }) => api<ExchangeView>('POST', `/api/exchanges/${id}/counter`, body),
  consent: (id: string, show: boolean) => api<ExchangeView>('PUT', `/api/exchanges/${id}/consent`, { show }),
};
