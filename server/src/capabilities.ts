import { accountsCapability } from './accounts/accounts.capability.ts';
import { exchangesCapability } from './exchanges/exchanges.capability.ts';
import { placesCapability } from './places/places.capability.ts';
import { profilesCapability } from './profiles/profiles.capability.ts';
import { roomsCapability } from './rooms/rooms.capability.ts';
import type { Capability } from './server.ts';

/** Every capability the product runs with, in the order their routes mount. */
export const capabilities: Capability[] = [accountsCapability, roomsCapability, placesCapability, profilesCapability, exchangesCapability];
