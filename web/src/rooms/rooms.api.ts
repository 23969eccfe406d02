import type { CallJoin } from '../../../shared/calls.schema.ts';
import type { CreateRoomBody, RoomSummary } from '../../../shared/rooms.schema.ts';
import { del, get, patch, post } from '../api/api.ts';

/** The rooms endpoints (see /api/rooms in the rooms contract). */
export const roomsApi = {
  list: () => get<RoomSummary[]>('/api/rooms'),
  get: (id: string) => get<RoomSummary>(`/api/rooms/${encodeURIComponent(id)}`),
  create: (body: CreateRoomBody) => post<RoomSummary>('/api/rooms', body),
  rename: (id: string, name: string) => patch<RoomSummary>(`/api/rooms/${encodeURIComponent(id)}`, { name }),
  archive: (id: string) => post<RoomSummary>(`/api/rooms/${encodeURIComponent(id)}/archive`, {}),
  invite: (id: string, userId: string) => post<undefined>(`/api/rooms/${encodeURIComponent(id)}/invitations`, { userId }),
  uninvite: (id: string, userId: string) =>
    del(`/api/rooms/${encodeURIComponent(id)}/invitations/${encodeURIComponent(userId)}`),
  call: (id: string) => post<CallJoin>(`/api/rooms/${encodeURIComponent(id)}/call`, {}),
};
