import type { ChangePasswordBody, LogInBody, Me, SessionView, SignUpBody, UpdateMeBody } from '../../../shared/auth.schema.ts';
import { del, get, patch, post } from './api.ts';

/** The account endpoints under /api/auth and /api/setup, typed with the shared contracts. */
export const authApi = {
  me: () => get<{ user: Me | null }>('/api/auth/me'),
  signUp: (body: SignUpBody) => post<{ user: Me }>('/api/auth/signup', body),
  logIn: (body: LogInBody) => post<{ user: Me }>('/api/auth/login', body),
  logOut: () => post<undefined>('/api/auth/logout'),
  logOutEverywhere: () => post<undefined>('/api/auth/logout-everywhere'),
  updateMe: (body: UpdateMeBody) => patch<{ user: Me }>('/api/auth/me', body),
  changePassword: (body: ChangePasswordBody) => post<{ endedSessions: number }>('/api/auth/password', body),
  sessions: () => get<{ sessions: SessionView[] }>('/api/auth/sessions'),
  endSession: (id: string) => del(`/api/auth/sessions/${encodeURIComponent(id)}`),
  claimSetup: (token: string) => post<{ user: Me }>('/api/setup/claim', { token }),
};
