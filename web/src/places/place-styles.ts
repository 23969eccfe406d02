import { css } from 'lit';

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
