import { Errors } from '../errors.ts';
import type { SocketEventRegistry } from '../realtime/events.ts';
import { placeExists } from './places.queries.ts';
import { PLACES_SCOPE, placeScope, type Places } from './places.service.ts';

/**
 * Viewers of a place's page watch it to see who is working there change live; viewers of the
 * map and directory watch the anonymous counts. Only members open sockets (visitors see no people).
 */
export function placesSocket(places: Places, events: SocketEventRegistry): void {
  events.on('place:watch', async ({ placeId }, socket) => {
    if (!(await placeExists(places.ctx.sql, placeId))) throw Errors.notFound('This place');
    await socket.join(placeScope(placeId));
    return places.presence(placeId, socket.data.user.id);
  });

  events.on('place:unwatch', async ({ placeId }, socket) => {
    await socket.leave(placeScope(placeId));
    return { placeId };
  });

  events.on('places:watch', async (_payload, socket) => {
    await socket.join(PLACES_SCOPE);
    return { watching: true as const };
  });
}
