import { z } from 'zod';

export const SkillLimits = { labelMax: 60, perKindMax: 20, suggestMax: 20 } as const;

/** The key of a skill: lower case, without diacritics, spaces collapsed ("Comptabilité " → "comptabilite"). */
export function skillKey(label: string): string {
  return label.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The label kept for display: as typed, spaces collapsed. */
export function skillLabel(label: string): string {
  return label.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export const skillLabelSchema = z
  .string()
  .max(SkillLimits.labelMax)
  .transform(skillLabel)
  .refine((s) => skillKey(s).length > 0, { message: 'A skill needs at least one letter or digit.' });

/** GET /api/skills?q= : suggestions while typing. */
export const skillsQuery = z.strictObject({
  q: z.string().max(SkillLimits.labelMax).optional(),
  limit: z.coerce.number().int().min(1).max(SkillLimits.suggestMax).optional(),
});

/** POST /api/admin/skills/merge : every member's `from` becomes `into`; `from` disappears. */
export const mergeSkillsBody = z.strictObject({ from: z.uuid(), into: z.uuid() });

export interface SkillView {
  id: string;
  key: string;
  label: string;
  offeredBy: number;
  soughtBy: number;
}
export interface SkillList {
  skills: SkillView[];
}
