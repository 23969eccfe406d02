import { z } from 'zod';
import { communeCodeSchema } from './communes.schema.ts';

/** Limits of places, enforced by the server and shown by the forms. */
export const PlaceLimits = {
  nameMax: 120,
  addressMax: 300,
  descriptionMax: 4000,
  contactMax: 500,
  openingIntervalsMax: 28,
  firstAnimatorsMax: 10,
  directoryMax: 500,
} as const;

export const placeKinds = ['public_service', 'coworking', 'telecentre', 'fablab', 'cafe', 'lodging', 'school', 'association', 'other'] as const;
export const placeKindSchema = z.enum(placeKinds);
/** public service house, coworking, telecentre, fablab, café or bar, hotel or gîte, school, association, other. */
export type PlaceKind = z.infer<typeof placeKindSchema>;

/** The fixed vocabulary of services; each has a pictogram (web/public/pictograms/<service>.svg). */
export const placeServices = [
  'wifi',
  'fiber',
  'video_room',
  'private_office',
  'shared_desks',
  'meeting_room',
  'cafe_kitchen',
  'fablab',
  'childcare',
  'step_free',
  'printer',
  'public_service_desk',
] as const;
export const placeServiceSchema = z.enum(placeServices);
export type PlaceService = z.infer<typeof placeServiceSchema>;

export const memberVisibilities = ['public', 'network', 'my_places', 'hidden'] as const;
export const memberVisibilitySchema = z.enum(memberVisibilities);
/** Who sees a member (rules.md): visitors too, all members, members of my places, nobody. */
export type MemberVisibility = z.infer<typeof memberVisibilitySchema>;

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/);
/** One opening interval, Europe/Paris local time, on an ISO weekday (1 = Monday … 7 = Sunday). */
export const openingIntervalSchema = z
  .strictObject({ day: z.number().int().min(1).max(7), open: hhmm, close: hhmm })
  .refine((i) => i.open < i.close, { message: 'An interval closes after it opens.', path: ['close'] });
export type OpeningInterval = z.infer<typeof openingIntervalSchema>;

const month = z.number().int().min(1).max(12);
const months = z.array(month).max(12).transform((m) => [...new Set(m)].sort((a, b) => a - b));

/** Lozère and its edges: a place outside this box is a typo. */
export const latSchema = z.number().min(43.9).max(45.2);
export const lonSchema = z.number().min(2.8).max(4.3);

const fields = {
  name: z.string().trim().min(1).max(PlaceLimits.nameMax),
  kind: placeKindSchema,
  communeCode: communeCodeSchema,
  lat: latSchema,
  lon: lonSchema,
  address: z.string().trim().max(PlaceLimits.addressMax),
  description: z.string().trim().max(PlaceLimits.descriptionMax),
  contact: z.string().trim().max(PlaceLimits.contactMax),
  openingHours: z.array(openingIntervalSchema).max(PlaceLimits.openingIntervalsMax),
  monthsOpen: months,
  monthsRoomsFree: months,
  services: z.array(placeServiceSchema).max(placeServices.length).transform((s) => [...new Set(s)]),
};

/** POST /api/places (admins): a new place and its first animators. Position defaults to the commune's. */
export const createPlaceBody = z.strictObject({
  name: fields.name,
  kind: fields.kind,
  communeCode: fields.communeCode,
  lat: fields.lat.optional(),
  lon: fields.lon.optional(),
  address: fields.address.optional(),
  description: fields.description.optional(),
  contact: fields.contact.optional(),
  openingHours: fields.openingHours.optional(),
  monthsOpen: fields.monthsOpen.optional(),
  monthsRoomsFree: fields.monthsRoomsFree.optional(),
  services: fields.services.optional(),
  animatorIds: z.array(z.uuid()).max(PlaceLimits.firstAnimatorsMax).optional(),
});
export type CreatePlaceBody = z.input<typeof createPlaceBody>;

/** PATCH /api/places/:placeId (its animators, admins): the fields given change (animators are named apart). */
export const updatePlaceBody = createPlaceBody.omit({ animatorIds: true }).partial();
export type UpdatePlaceBody = z.input<typeof updatePlaceBody>;

const yesNo = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * GET /api/places: the directory. `services` is a comma-separated list (all must be offered).
 * Distance is from `commune` (a commune code), from `lat`+`lon`, or from my commune with `from=mine`.
 */
export const directoryQuery = z
  .strictObject({
    q: z.string().trim().max(PlaceLimits.nameMax).optional(),
    kind: placeKindSchema.optional(),
    services: z
      .string()
      .max(400)
      .transform((s, ctx) => {
        const list = s.split(',').map((x) => x.trim()).filter(Boolean);
        for (const x of list) {
          if (!(placeServices as readonly string[]).includes(x)) {
            ctx.addIssue({ code: 'custom', message: `Unknown service: ${x.slice(0, 40)}` });
            return z.NEVER;
          }
        }
        return list as PlaceService[];
      })
      .optional(),
    openNow: yesNo.optional(),
    openThisMonth: yesNo.optional(),
    commune: communeCodeSchema.optional(),
    from: z.enum(['mine']).optional(),
    lat: z.coerce.number().min(43.9).max(45.2).optional(),
    lon: z.coerce.number().min(2.8).max(4.3).optional(),
    maxKm: z.coerce.number().min(0).max(1000).optional(),
    sort: z.enum(['name', 'distance']).optional(),
  })
  .refine((q) => (q.lat === undefined) === (q.lon === undefined), { message: 'Give both lat and lon.', path: ['lon'] });
export type DirectoryQuery = z.input<typeof directoryQuery>;

export const placeParams = z.strictObject({ placeId: z.uuid() });
export const placeMemberParams = z.strictObject({ placeId: z.uuid(), userId: z.uuid() });
/** POST /api/places/:placeId/members (its animators, admins). */
export const addMemberBody = z.strictObject({ userId: z.uuid() });

/** Socket payloads. */
export const placeRefPayload = z.strictObject({ placeId: z.uuid() });
export const placesWatchPayload = z.strictObject({});

// ---- Views ------------------------------------------------------------------------------

export interface PlaceSummary {
  id: string;
  name: string;
  kind: PlaceKind;
  communeCode: string | null;
  communeName: string | null;
  lat: number | null;
  lon: number | null;
  address: string;
  services: PlaceService[];
  openingHours: OpeningInterval[];
  monthsOpen: number[];
  monthsRoomsFree: number[];
  /** Distance in km from the point asked for, when one was. */
  distanceKm: number | null;
  openNow: boolean;
  /** Members checked in now, counted anonymously. */
  presentCount: number;
  demo: boolean;
}

export interface PersonView {
  userId: string;
  displayName: string;
}

export interface CheckInView extends PersonView {
  /** ISO 8601. */
  since: string;
}

/** Who is working at a place today, as this viewer may see them. */
export interface PlacePresence {
  placeId: string;
  present: CheckInView[];
  /** Checked in but not shown to this viewer. */
  othersCount: number;
}

export interface PlaceDetail extends PlaceSummary {
  description: string;
  contact: string;
  updatedAt: string;
  animators: PersonView[];
  members: PersonView[];
  /** Members of the place not shown to this viewer. */
  othersCount: number;
  presence: PlacePresence;
  /** What the viewer may do here (all false for visitors). */
  me: { isMember: boolean; isAnimator: boolean; canEdit: boolean; checkedInHere: boolean };
}

export interface Directory {
  places: PlaceSummary[];
  /** The point distances were measured from. */
  origin: { lat: number; lon: number; communeCode: string | null } | null;
}

export interface MyCheckIn {
  checkIn: { placeId: string; placeName: string; since: string } | null;
}

export interface MapData {
  credit: string;
  /** e.g. https://tile.example.org/{z}/{x}/{y}.png, when the operator configured one. */
  tileUrl: string | null;
  departement: [number, number][][][];
  communes: { code: string; name: string; polygons: [number, number][][][] }[];
}

/** Sent to viewers of a place's page (socket room `place:<id>`), each as they may see it. */
export type PlacePresenceUpdate = PlacePresence;
/** Sent to viewers of the map and directory: a place's anonymous count changed. */
export interface PlaceCountUpdate {
  placeId: string;
  presentCount: number;
}
