import { z } from 'zod';
import { displayNameSchema } from './auth.schema.ts';
import { communeCodeSchema } from './communes.schema.ts';
import { memberVisibilitySchema, type MemberVisibility } from './places.schema.ts';
import { SkillLimits, skillKey, skillLabelSchema } from './skills.schema.ts';

export const ProfileLimits = {
  bioMax: 600,
  slotsMax: 7,
  slotMax: 40,
  languagesMax: 8,
  languageMax: 30,
  avatarMaxBytes: 2 * 1024 * 1024,
  avatarSize: 256,
  pageSize: 20,
  radiusMaxKm: 300,
} as const;

export const avatarTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;

const uniqueSkills = z
  .array(skillLabelSchema)
  .max(SkillLimits.perKindMax)
  .transform((list) => [...new Map(list.map((l) => [skillKey(l), l])).values()]);

/** PUT /api/profile : my whole profile (members edit only their own). */
export const profileBody = z.strictObject({
  displayName: displayNameSchema,
  communeCode: communeCodeSchema.nullable(),
  bio: z.string().trim().max(ProfileLimits.bioMax),
  offers: uniqueSkills,
  seeks: uniqueSkills,
  availability: z.array(z.string().trim().min(1).max(ProfileLimits.slotMax)).max(ProfileLimits.slotsMax),
  languages: z.array(z.string().trim().min(1).max(ProfileLimits.languageMax)).max(ProfileLimits.languagesMax),
  visibility: memberVisibilitySchema,
});
export type ProfileBody = z.input<typeof profileBody>;

export const profileParams = z.strictObject({ userId: z.uuid() });

const intParam = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** GET /api/profiles : the directory (text, skill, distance from my commune, place), paginated. */
export const directoryQuery = z.strictObject({
  q: z.string().trim().max(80).optional(),
  skill: z.string().trim().max(SkillLimits.labelMax).optional(),
  kind: z.enum(['offer', 'seek', 'any']).optional(),
  radiusKm: intParam(1, ProfileLimits.radiusMaxKm).optional(),
  placeId: z.uuid().optional(),
  page: intParam(1, 1000).optional(),
});
export type DirectoryQuery = z.input<typeof directoryQuery>;

export const matchesQuery = z.strictObject({ page: intParam(1, 1000).optional() });

export interface SkillRef {
  id: string;
  label: string;
}

export interface ExchangeRecordItem {
  exchangeId: string;
  /** What this member gave and received. */
  gave: string;
  received: string;
  /** The other party, when they consented to appear. */
  with: { userId: string; displayName: string } | null;
  doneAt: string;
}

export interface ProfileView {
  userId: string;
  displayName: string;
  initials: string;
  communeCode: string | null;
  communeName: string | null;
  bio: string;
  offers: SkillRef[];
  seeks: SkillRef[];
  availability: string[];
  languages: string[];
  hasAvatar: boolean;
  avatarUrl: string | null;
  /** Only on my own profile. */
  visibility?: MemberVisibility;
  distanceKm: number | null;
  sharedPlaces: string[];
  record: { given: number; received: number; recent: ExchangeRecordItem[] };
  isMe: boolean;
}

/** Why a member is in a result list; the web renders each reason in French or English. */
export type MatchReason =
  | { kind: 'offers'; skill: string }
  | { kind: 'seeks'; skill: string }
  | { kind: 'name' }
  | { kind: 'bio' }
  | { kind: 'distance'; km: number }
  | { kind: 'place'; place: string };

export interface MemberCard {
  userId: string;
  displayName: string;
  initials: string;
  communeName: string | null;
  distanceKm: number | null;
  hasAvatar: boolean;
  avatarUrl: string | null;
  offers: SkillRef[];
  seeks: SkillRef[];
  reasons: MatchReason[];
}

export interface DirectoryPage {
  members: MemberCard[];
  page: number;
  pageSize: number;
  total: number;
  /** The origin of distances (my commune), when a radius was asked. */
  originCommune: string | null;
}

export interface MatchCard extends MemberCard {
  /** They offer what I seek and seek what I offer. */
  both: boolean;
  score: number;
}
export interface MatchesPage {
  matches: MatchCard[];
  page: number;
  pageSize: number;
}

export function initialsOf(name: string): string {
  const words = name.trim().split(/[\s-]+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]![0], words[words.length - 1]![0]] : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
}
