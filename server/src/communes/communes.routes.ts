import express from 'express';
import { communesQuery, type CommuneList } from '../../../shared/communes.schema.ts';
import { route } from '../http/registry.ts';
import { communesCredit, searchCommunes } from './communes.ts';

/** GET /api/communes?q=: the communes members and places pick theirs from (public: the directory's filters use it). */
export function communesRoutes(): express.Router {
  const r = express.Router();
  route(r, { method: 'get', path: '/api/communes', access: 'public', query: communesQuery }, ({ query }, _req, res): CommuneList => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    return { communes: searchCommunes(query.q, query.limit ?? 200), credit: communesCredit };
  });
  return r;
}
