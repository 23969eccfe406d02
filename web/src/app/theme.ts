import { css } from 'lit';

/**
 * Shared look of every component: colour tokens, type, focus rings, buttons, forms.
 * Colours are chosen for at least 7:1 contrast on the page background (text) and 3:1
 * for borders and focus rings, so that people who see poorly can still use the app.
 */
export const theme = css`
  :host {
    --m-bg: #faf7f0;
    --m-surface: #ffffff;
    --m-text: #1c1f1d;
    --m-muted: #4a524d;
    --m-primary: #1f5a45;
    --m-primary-hover: #174636;
    --m-on-primary: #ffffff;
    --m-accent: #9a3f12;
    --m-border: #6b736e;
    --m-soft: #e8efe9;
    --m-error: #a4161a;
    --m-error-bg: #fdecec;
    --m-success: #1d5e2b;
    --m-success-bg: #e6f4e8;
    --m-focus: #b34700;
    --m-radius: 0.5rem;
    --m-gap: 1rem;
    --m-max: 44rem;
    font-size: 1rem;
    line-height: 1.55;
    color: var(--m-text);
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin: 0 0 0.75rem;
    color: var(--m-text);
  }
  h1 {
    font-size: 1.75rem;
  }
  h2 {
    font-size: 1.35rem;
    margin-top: 2rem;
  }
  p {
    margin: 0 0 1rem;
  }

  a {
    color: var(--m-primary);
    text-decoration-thickness: 0.08em;
    text-underline-offset: 0.15em;
  }
  a:hover {
    color: var(--m-primary-hover);
    text-decoration-thickness: 0.15em;
  }

  :focus-visible {
    outline: 3px solid var(--m-focus);
    outline-offset: 3px;
    border-radius: 2px;
  }

  .button,
  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-height: 2.75rem;
    padding: 0.5rem 1.25rem;
    border: 2px solid var(--m-primary);
    border-radius: var(--m-radius);
    background: var(--m-primary);
    color: var(--m-on-primary);
    font: inherit;
    font-weight: 600;
    line-height: 1.2;
    text-align: center;
    text-decoration: none;
    cursor: pointer;
    max-width: 100%;
  }
  .button:hover,
  button:hover {
    background: var(--m-primary-hover);
    border-color: var(--m-primary-hover);
    color: var(--m-on-primary);
  }
  .button.secondary,
  button.secondary {
    background: var(--m-surface);
    color: var(--m-primary);
  }
  .button.secondary:hover,
  button.secondary:hover {
    background: var(--m-soft);
    color: var(--m-primary-hover);
  }
  button.danger {
    background: var(--m-surface);
    color: var(--m-error);
    border-color: var(--m-error);
  }
  button.danger:hover {
    background: var(--m-error-bg);
    color: var(--m-error);
  }
  button[disabled],
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }

  .card {
    background: var(--m-surface);
    border: 1px solid #d6d9d4;
    border-radius: var(--m-radius);
    padding: 1.25rem;
  }

  .stack > * + * {
    margin-top: var(--m-gap);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
  }

  .switch {
    margin-top: 1.75rem;
  }
  .actions + .hint {
    margin-top: 0.5rem;
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: 0.35rem;
    margin-bottom: 1.25rem;
  }
  .field label {
    font-weight: 600;
  }
  .hint {
    color: var(--m-muted);
    font-size: 0.9rem;
    margin: 0;
  }
  .hint ul {
    margin: 0.25rem 0 0;
    padding-left: 1.25rem;
  }
  input {
    font: inherit;
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    border: 2px solid var(--m-border);
    border-radius: var(--m-radius);
    background: var(--m-surface);
    color: var(--m-text);
  }
  input[aria-invalid='true'] {
    border-color: var(--m-error);
  }
  .field-error {
    color: var(--m-error);
    font-weight: 600;
    margin: 0;
  }
  .field-error:empty {
    display: none;
  }

  .alert {
    border-left: 6px solid var(--m-error);
    background: var(--m-error-bg);
    color: var(--m-text);
    padding: 0.75rem 1rem;
    border-radius: var(--m-radius);
    margin: 0 0 1.25rem;
  }
  .alert.success {
    border-left-color: var(--m-success);
    background: var(--m-success-bg);
  }
  .alert:empty {
    display: none;
  }
  .alert ul {
    margin: 0.25rem 0 0;
    padding-left: 1.25rem;
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }

  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;

/** A panel of a page (the room's chat, presence, sprint and call): a block whose heading sits at its top. */
export const panelStyles = css`
  :host {
    display: block;
  }
  h2 {
    margin-top: 0;
  }
`;
