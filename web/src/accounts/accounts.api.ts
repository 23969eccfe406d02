import type {
  CreateInvitationBody,
  CreatedInvitation,
  InvitationPreview,
  InvitationView,
  LinkRequestAnswer,
  MemberAdminView,
  NetworkSettings,
  OutboxMailView,
} from '../../../shared/accounts.schema.ts';
import type { Me, NetworkRole, SignUpBody } from '../../../shared/auth.schema.ts';
import type { Locale } from '../../../shared/locale.ts';
import { api, del, get, post } from '../api/api.ts';

const q = (params: Record<string, string | undefined>) => {
  const s = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return s ? `?${s}` : '';
};

/** The endpoints of the account lifecycle (server/src/accounts), typed with the shared contracts. */
export const accountsApi = {
  requestReset: (email: string, locale: Locale) => post<LinkRequestAnswer>('/api/accounts/password-reset/request', { email, locale }),
  confirmReset: (token: string, newPassword: string) =>
    post<{ user: Me; endedSessions: number }>('/api/accounts/password-reset/confirm', { token, newPassword }),
  requestLoginLink: (email: string, locale: Locale) => post<LinkRequestAnswer>('/api/accounts/login-link/request', { email, locale }),
  confirmLoginLink: (token: string) => post<{ user: Me }>('/api/accounts/login-link/confirm', { token }),
  resendVerification: () => post<{ alreadyVerified: boolean }>('/api/accounts/verify-email/send'),
  confirmVerification: (token: string) => post<{ verified: true }>('/api/accounts/verify-email/confirm', { token }),
  requestEmailChange: (newEmail: string, currentPassword?: string) =>
    post<{ pendingEmail: string }>('/api/accounts/email-change/request', { newEmail, ...(currentPassword ? { currentPassword } : {}) }),
  confirmEmailChange: (token: string) => post<{ email: string }>('/api/accounts/email-change/confirm', { token }),
  network: () => get<NetworkSettings>('/api/accounts/network'),
  previewInvitation: (token: string) => get<InvitationPreview>(`/api/accounts/invitations/preview/${encodeURIComponent(token)}`),
  signUpInvited: (body: SignUpBody) => post<{ user: Me }>('/api/auth/signup', body),
  createInvitation: (body: CreateInvitationBody) => post<CreatedInvitation>('/api/accounts/invitations', body),
  invitations: () => get<{ invitations: InvitationView[] }>('/api/accounts/invitations'),
  revokeInvitation: (id: string) => del(`/api/accounts/invitations/${encodeURIComponent(id)}`),
  members: (query: string) => get<{ members: MemberAdminView[] }>(`/api/admin/members${q({ q: query || undefined })}`),
  setRole: (id: string, role: NetworkRole) => api<{ member: MemberAdminView }>('PUT', `/api/admin/members/${encodeURIComponent(id)}/role`, { role }),
  places: () => get<{ places: { id: string; name: string }[] }>('/api/accounts/places'),
  nameAnimator: (placeId: string, userId: string) => post(`/api/admin/places/${encodeURIComponent(placeId)}/animators`, { userId }),
  removeAnimator: (placeId: string, userId: string) =>
    del(`/api/admin/places/${encodeURIComponent(placeId)}/animators/${encodeURIComponent(userId)}`),
  adminNetwork: () => get<NetworkSettings>('/api/admin/network-settings'),
  setNetwork: (s: NetworkSettings) => api<NetworkSettings>('PUT', '/api/admin/network-settings', s),
  outbox: (to?: string) => get<{ mails: OutboxMailView[] }>(`/api/admin/mail/outbox${q({ to })}`),
};
