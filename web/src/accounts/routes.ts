import type { RouteConfig } from '@lit-labs/router';
import { html } from 'lit';
import './admin-accounts-page.ts';
import './invitation-signup-page.ts';
import './invitations-page.ts';
import './link-landing-page.ts';
import './link-request-page.ts';
import './outbox-page.ts';
import './reset-password-page.ts';

type Guard = () => Promise<boolean>;

/**
 * The routes of the account lifecycle pages, spread into the shell's router. The token paths
 * are those of the links in the mails (server/src/accounts/mails.ts `linkPaths`).
 */
export function accountsRoutes(g: { membersOnly: Guard; visitorsOnly: Guard }): RouteConfig[] {
  return [
    { path: '/mot-de-passe-oublie', render: () => html`<link-request-page kind="reset"></link-request-page>` },
    { path: '/lien-de-connexion', enter: g.visitorsOnly, render: () => html`<link-request-page kind="login"></link-request-page>` },
    { path: '/reset-password/:token', render: ({ token }) => html`<reset-password-page .token=${token ?? ''}></reset-password-page>` },
    { path: '/login-link/:token', render: ({ token }) => html`<link-landing-page kind="login" .token=${token ?? ''}></link-landing-page>` },
    { path: '/verify-email/:token', render: ({ token }) => html`<link-landing-page kind="verify" .token=${token ?? ''}></link-landing-page>` },
    { path: '/email-change/:token', render: ({ token }) => html`<link-landing-page kind="email-change" .token=${token ?? ''}></link-landing-page>` },
    { path: '/invitation/:token', enter: g.visitorsOnly, render: ({ token }) => html`<invitation-signup-page .token=${token ?? ''}></invitation-signup-page>` },
    { path: '/invitations', enter: g.membersOnly, render: () => html`<invitations-page></invitations-page>` },
    { path: '/admin/comptes', enter: g.membersOnly, render: () => html`<admin-accounts-page></admin-accounts-page>` },
    { path: '/admin/courriels', enter: g.membersOnly, render: () => html`<outbox-page></outbox-page>` },
  ];
}
