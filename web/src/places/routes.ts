import type { RouteConfig } from '@lit-labs/router';
import { html } from 'lit';
import './place-list-page.ts';
import './place-page.ts';

/** Places are public: visitors see the map, the directory and each page (without the people). */
export function placesRoutes(): RouteConfig[] {
  return [
    { path: '/lieux', render: () => html`<place-list-page></place-list-page>` },
    { path: '/carte', render: () => html`<place-list-page></place-list-page>` },
    { path: '/lieux/:id', render: ({ id }) => html`<place-page place-id=${id ?? ''}></place-page>` },
  ];
}
