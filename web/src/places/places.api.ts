import type { CommuneList } from '../../../shared/communes.schema.ts';
import type { CreatePlaceBody, Directory, MapData, MyCheckIn, PlaceDetail, UpdatePlaceBody } from '../../../shared/places.schema.ts';
import { api } from '../api/api.ts';

export const placesApi = {
  directory: (query: URLSearchParams) => api<Directory>('GET', `/api/places${query.toString() ? `?${query}` : ''}`),
  map: () => api<MapData>('GET', '/api/places/map'),
  place: (id: string) => api<PlaceDetail>('GET', `/api/places/${encodeURIComponent(id)}`),
  create: (body: CreatePlaceBody) => api<PlaceDetail>('POST', '/api/places', body),
  /** Naming animators is the accounts capability's endpoint (one place for that rule). */
  nameAnimator: (id: string, userId: string) => api<unknown>('POST', `/api/admin/places/${encodeURIComponent(id)}/animators`, { userId }),
  update: (id: string, body: UpdatePlaceBody) => api<PlaceDetail>('PATCH', `/api/places/${encodeURIComponent(id)}`, body),
  join: (id: string) => api<PlaceDetail>('POST', `/api/places/${encodeURIComponent(id)}/join`, {}),
  leave: (id: string) => api<PlaceDetail>('POST', `/api/places/${encodeURIComponent(id)}/leave`, {}),
  addMember: (id: string, userId: string) => api<unknown>('POST', `/api/places/${encodeURIComponent(id)}/members`, { userId }),
  removeMember: (id: string, userId: string) => api<void>('DELETE', `/api/places/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`),
  checkIn: (id: string) => api<MyCheckIn>('POST', `/api/places/${encodeURIComponent(id)}/check-in`, {}),
  checkOut: () => api<MyCheckIn>('DELETE', '/api/me/check-in'),
  communes: () => api<CommuneList>('GET', '/api/communes'),
};
