import { z } from 'zod';

/** INSEE code of a commune of Lozère (48xxx). */
export const communeCodeSchema = z.string().regex(/^[0-9]{5}$/);

/** GET /api/communes?q= : accent-insensitive prefix search on the name (or a postcode prefix). */
export const communesQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export interface CommuneView {
  code: string;
  name: string;
  population: number;
  postcodes: string[];
  lat: number;
  lon: number;
}

export interface CommuneList {
  communes: CommuneView[];
  credit: string;
}
