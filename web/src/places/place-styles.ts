import { css, type CSSResultGroup } from 'lit';

/** Look shared by the places screens: cards, pictograms, open/closed, tags. */
export const placeCardStyles = css`
  ul.places {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: 0.75rem;
  }
  .card.place h3 {
    margin: 0 0 0.25rem;
    font-size: 1.15rem;
  }
  .meta {
    color: var(--m-muted);
    margin: 0 0 0.35rem;
  }
  .status {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem 0.75rem;
    margin: 0 0 0.35rem;
  }
  .open {
    color: var(--m-success);
    font-weight: 700;
  }
  .closed {
    color: var(--m-muted);
  }
  .pill {
    display: inline-block;
    padding: 0.05rem 0.6rem;
    border-radius: 1rem;
    background: var(--m-soft);
    font-weight: 600;
  }
  .tag {
    font-size: 0.75rem;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    padding: 0.05rem 0.4rem;
    border-radius: 0.25rem;
    background: #e3eef4;
    color: #1d4e66;
    vertical-align: middle;
  }
  .services {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    margin: 0;
  }
  img.pictogram {
    vertical-align: middle;
    flex: none;
  }
`;

/** Rows of checkboxes (services, months) that wrap, each easy to hit. */
export const placeChecksStyles = css`
  .checks {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  .checks label {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    min-height: 2.5rem;
  }
`;

/** The place forms (create, edit): full-width fields, rows of checkboxes, a folding summary. */
export const placeFormStyles: CSSResultGroup = [
  placeChecksStyles,
  css`
    .field input,
    .field select,
    .field textarea {
      width: 100%;
      font: inherit;
      padding: 0.4rem 0.5rem;
      border: 1px solid var(--m-border);
      border-radius: var(--m-radius);
      min-height: 2.75rem;
    }
    details summary {
      cursor: pointer;
      font-weight: 700;
      min-height: 2.75rem;
      display: flex;
      align-items: center;
    }
  `,
];
