import { css } from 'lit';

/** Themed only through the documented `--lipwa-*` custom properties and `::part`s. */
export const checkoutStyles = css`
  :host {
    display: block;
    font-family: var(--lipwa-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
    color: var(--lipwa-color-text, #1b1b1f);
    --_space: var(--lipwa-spacing, 1rem);
    --_radius: var(--lipwa-radius, 0.5rem);
    --_primary: var(--lipwa-color-primary, #0a7d33);
  }
  :host([hidden]) {
    display: none;
  }
  [part='base'] {
    background: var(--lipwa-color-background, #fff);
    border: 1px solid color-mix(in srgb, currentColor 15%, transparent);
    border-radius: var(--_radius);
    padding: var(--_space);
    display: grid;
    gap: calc(var(--_space) * 0.75);
    max-width: 28rem;
  }
  h2 {
    margin: 0;
    font-size: 1.15rem;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  p {
    margin: 0;
  }
  [part='amount'] {
    font-size: 1.5rem;
    font-weight: 700;
  }
  [part='form'] {
    display: grid;
    gap: calc(var(--_space) * 0.5);
  }
  [part='label'] {
    font-weight: 600;
  }
  [part='input'] {
    font: inherit;
    padding: 0.6em 0.75em;
    border: 1px solid color-mix(in srgb, currentColor 35%, transparent);
    border-radius: var(--_radius);
  }
  [part='input'][aria-invalid='true'] {
    border-color: var(--lipwa-color-error, #b3261e);
  }
  .hint {
    font-size: 0.875rem;
    opacity: 0.75;
  }
  [part='error'] {
    color: var(--lipwa-color-error, #b3261e);
    font-size: 0.875rem;
  }
  [part='error']:empty {
    display: none;
  }
  [part='button'] {
    font: inherit;
    font-weight: 600;
    padding: 0.7em 1em;
    border: 0;
    border-radius: var(--_radius);
    background: var(--_primary);
    color: #fff;
    cursor: pointer;
  }
  [part='button']:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  [part='countdown'] {
    font-variant-numeric: tabular-nums;
  }
  [part='receipt'] {
    font-family: ui-monospace, monospace;
    font-weight: 700;
  }
  .success h2 {
    color: var(--lipwa-color-success, #0a7d33);
  }
  .failure h2 {
    color: var(--lipwa-color-error, #b3261e);
  }
  [part='status'] {
    display: grid;
    gap: calc(var(--_space) * 0.5);
  }
`;
