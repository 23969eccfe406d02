import type { RouteConfig } from '@lit-labs/router';
import { html } from 'lit';
import '../exchanges/exchanges-page.ts';
import './member-directory-page.ts';
import './member-profile-page.ts';
import './profile-edit-page.ts';

type Guard = () => Promise<boolean>;

/** The members' directory and profiles (public ones for visitors), my profile, my exchanges. */
export function profilesRoutes(g: { membersOnly: Guard }): RouteConfig[] {
  return [
    { path: '/membres', render: () => html`<member-directory-page></member-directory-page>` },
    { path: '/membres/:id', render: ({ id }) => html`<member-profile-page user-id=${id ?? ''}></member-profile-page>` },
    { path: '/profil', enter: g.membersOnly, render: () => html`<profile-edit-page></profile-edit-page>` },
    { path: '/echanges', enter: g.membersOnly, render: () => html`<exchanges-page></exchanges-page>` },
  ];
}
