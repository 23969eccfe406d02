/**
 * Derives the data the places capability ships, from the open data beside the product kit:
 *
 * - server/data/communes-48.json: every current commune of Lozère (code, name, population,
 *   postcodes) from @etalab/decoupage-administratif, with a position: the area-weighted
 *   centroid of its 2018 outline, or, for a commune nouvelle created after 2018, of the union
 *   of its former communes' outlines (its `anciensCodes`, and the communes déléguées whose
 *   `chefLieu` it is).
 * - server/data/outlines-48.json: the 2018 outlines of the communes and of the département,
 *   coordinates rounded to 4 decimals (about 10 m), the map's background.
 *
 * Run: node --import tsx infra/data/build-communes.ts [path/to/lozere-data-dir]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Ring = [number, number][];
type Polygon = Ring[];
interface Feature {
  properties: { code: string; nom: string };
  geometry: { type: 'Polygon'; coordinates: Polygon } | { type: 'MultiPolygon'; coordinates: Polygon[] };
}
interface EtalabCommune {
  code: string;
  nom: string;
  departement?: string;
  type: string;
  population?: number;
  codesPostaux?: string[];
  anciensCodes?: string[];
  chefLieu?: string;
}

const root = path.resolve(import.meta.dirname, '../..');
const source = process.argv[2] ?? '/work/shared/data/lozere';
const communes2018 = JSON.parse(readFileSync(path.join(source, 'communes-48-2018.geojson'), 'utf8')) as { features: Feature[] };
const departement = JSON.parse(readFileSync(path.join(source, 'departement-48-2018.geojson'), 'utf8')) as Feature;
const etalab = JSON.parse(readFileSync(path.join(root, 'node_modules/@etalab/decoupage-administratif/data/communes.json'), 'utf8')) as EtalabCommune[];

const polygonsOf = (f: Feature): Polygon[] => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates);

/**
 * Signed area and centroid of a ring, in a local plane where a degree of longitude is
 * shortened by cos(latitude) (good enough at the scale of a commune).
 */
function ringMoments(ring: Ring, k: number): { a: number; cx: number; cy: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    const cross = x0 * k * y1 - x1 * k * y0;
    a += cross;
    cx += (x0 * k + x1 * k) * cross;
    cy += (y0 + y1) * cross;
  }
  return { a: a / 2, cx: cx / 6, cy: cy / 6 };
}

/** Area-weighted centroid of several polygons (holes subtract). */
function centroid(polygons: Polygon[]): { lat: number; lon: number; area: number } {
  const k = Math.cos((44.5 * Math.PI) / 180);
  let area = 0;
  let mx = 0;
  let my = 0;
  for (const poly of polygons) {
    poly.forEach((ring, i) => {
      const m = ringMoments(ring, k);
      // Outer ring positive, holes negative, whatever the winding of the source.
      const sign = (i === 0 ? 1 : -1) * Math.sign(m.a);
      area += sign * m.a;
      mx += sign * m.cx;
      my += sign * m.cy;
    });
  }
  return { lon: mx / area / k, lat: my / area, area };
}

const byCode2018 = new Map(communes2018.features.map((f) => [f.properties.code, f]));
const current = etalab.filter((c) => c.departement === '48' && c.type === 'commune-actuelle');
const delegated = etalab.filter((c) => c.type !== 'commune-actuelle' && c.chefLieu?.startsWith('48'));

const used = new Set<string>();
const out = current.map((c) => {
  const codes = new Set([c.code, ...(c.anciensCodes ?? []), ...delegated.filter((d) => d.chefLieu === c.code).map((d) => d.code)]);
  const features = [...codes].map((code) => byCode2018.get(code)).filter((f): f is Feature => Boolean(f));
  if (!features.length) throw new Error(`no 2018 outline for ${c.code} ${c.nom} (codes ${[...codes].join(', ')})`);
  for (const f of features) used.add(f.properties.code);
  const { lat, lon } = centroid(features.flatMap(polygonsOf));
  return {
    code: c.code,
    name: c.nom,
    population: c.population ?? 0,
    postcodes: c.codesPostaux ?? [],
    lat: Math.round(lat * 1e5) / 1e5,
    lon: Math.round(lon * 1e5) / 1e5,
  };
});
const orphans = communes2018.features.map((f) => f.properties.code).filter((code) => !used.has(code));
if (orphans.length) throw new Error(`2018 communes attached to no current commune: ${orphans.join(', ')}`);
out.sort((a, b) => a.name.localeCompare(b.name, 'fr'));

const round = (polygons: Polygon[]) => polygons.map((p) => p.map((r) => r.map(([x, y]) => [Math.round(x * 1e4) / 1e4, Math.round(y * 1e4) / 1e4])));
const outlines = {
  credit: 'IGN Admin Express COG 2018, INSEE COG 2018 (via france-geojson, Grégoire David) — Licence Ouverte / Open Licence (Etalab)',
  departement: round(polygonsOf(departement)),
  communes: communes2018.features.map((f) => ({ code: f.properties.code, name: f.properties.nom, polygons: round(polygonsOf(f)) })),
};

writeFileSync(path.join(root, 'server/data/communes-48.json'), JSON.stringify({
  credit: 'Communes: @etalab/decoupage-administratif (INSEE COG); positions: centroids of IGN Admin Express COG 2018 outlines (via france-geojson) — Licence Ouverte / Open Licence (Etalab)',
  communes: out,
}, null, 0) + '\n');
writeFileSync(path.join(root, 'server/data/outlines-48.json'), JSON.stringify(outlines) + '\n');
console.log(`${out.length} communes, ${outlines.communes.length} outlines written to server/data/`);
