import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommuneView } from '../../../shared/communes.schema.ts';

/** The current communes of Lozère, derived by infra/data/build-communes.ts (17 KB, read once). */
const file = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../data/communes-48.json'), 'utf8')) as {
  credit: string;
  communes: CommuneView[];
};

export const communesCredit = file.credit;
export const communes: readonly CommuneView[] = file.communes;
const byCode = new Map(communes.map((c) => [c.code, c]));

export function communeByCode(code: string | null | undefined): CommuneView | undefined {
  return code ? byCode.get(code) : undefined;
}

/** Lower case, without accents, apostrophes and hyphens as spaces: "Saint-Chély-d'Apcher" → "saint chely d apcher". */
export function normalizeName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-'’\s]+/g, ' ')
    .trim();
}

const searchable = communes.map((c) => ({ c, key: normalizeName(c.name), words: normalizeName(c.name).split(' ') }));

/**
 * Accent-insensitive prefix search: the name starts with the query, or one of its words does
 * ("chely" finds Saint-Chély-d'Apcher), or a postcode does. Name prefixes first, then by population.
 */
export function searchCommunes(q: string | undefined, limit = 200): CommuneView[] {
  const n = normalizeName(q ?? '');
  if (!n) return communes.slice(0, limit);
  const scored: { c: CommuneView; rank: number }[] = [];
  for (const { c, key, words } of searchable) {
    if (key.startsWith(n)) scored.push({ c, rank: 0 });
    else if (words.some((w, i) => i > 0 && words.slice(i).join(' ').startsWith(n))) scored.push({ c, rank: 1 });
    else if (/^\d+$/.test(n) && c.postcodes.some((p) => p.startsWith(n))) scored.push({ c, rank: 2 });
  }
  scored.sort((a, b) => a.rank - b.rank || b.c.population - a.c.population);
  return scored.slice(0, limit).map((s) => s.c);
}
