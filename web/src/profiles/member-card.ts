import { css, html, nothing } from 'lit';
import type { MemberCard } from '../../../shared/profiles.schema.ts';
import { pt, reasonText } from './i18n.ts';

/** The avatar, or the initials when there is none. */
export function avatarOf(m: { avatarUrl: string | null; initials: string }, size = 3) {
  return m.avatarUrl
    ? html`<img class="avatar" src=${m.avatarUrl} alt="" width="256" height="256" style="width:${size}rem;height:${size}rem" />`
    : html`<span class="avatar initials" aria-hidden="true" style="width:${size}rem;height:${size}rem">${m.initials}</span>`;
}

/** One member in a list, with why they are in it (`mine`: reasons about my own offers and needs). */
export function memberCard(m: MemberCard, mine = false, extra: unknown = nothing) {
  return html`<li class="card member" data-user-id=${m.userId}>
    <div class="head">
      ${avatarOf(m)}
      <div>
        <h2><a href="/membres/${m.userId}">${m.displayName}</a></h2>
        ${m.communeName ? html`<p class="muted">${m.communeName}${m.distanceKm !== null ? ` · ${m.distanceKm} km` : ''}</p>` : nothing}
      </div>
    </div>
    ${m.reasons.length ? html`<p class="why">${m.reasons.map((r) => reasonText(r, mine)).join(' ; ')}</p>` : nothing}
    ${m.offers.length ? html`<p><strong>${pt('members.offers')} :</strong> ${m.offers.map((s) => s.label).join(', ')}</p>` : nothing}
    ${m.seeks.length ? html`<p><strong>${pt('members.seeks')} :</strong> ${m.seeks.map((s) => s.label).join(', ')}</p>` : nothing}
    ${extra}
  </li>`;
}

export const cardStyles = css`
  ul.members {
    list-style: none;
    padding: 0;
    display: grid;
    gap: 1rem;
  }
  .card {
    border: 1px solid var(--m-border);
    border-radius: var(--m-radius);
    padding: 0.75rem 1rem;
    background: var(--m-surface);
  }
  .head {
    display: flex;
    gap: 0.75rem;
    align-items: center;
  }
  .head h2 {
    margin: 0;
    font-size: 1.15rem;
  }
  .avatar {
    border-radius: 50%;
    object-fit: cover;
    flex: none;
  }
  .initials {
    display: inline-grid;
    place-items: center;
    background: var(--m-soft);
    font-weight: 700;
  }
  .muted {
    color: var(--m-muted);
    margin: 0;
  }
  .why {
    font-style: italic;
  }
`;
