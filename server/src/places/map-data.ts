import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MapData } from '../../../shared/places.schema.ts';

let cached: Omit<MapData, 'tileUrl'> | undefined;

/** The map's background: 2018 outlines of the communes and the département (server/data/outlines-48.json, 300 KB, read on first use). */
export function mapData(): Omit<MapData, 'tileUrl'> {
  cached ??= JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../data/outlines-48.json'), 'utf8')) as Omit<MapData, 'tileUrl'>;
  return cached;
}
