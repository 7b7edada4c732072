import { css } from 'lit';

/**
 * The main file's styles: the card, its hierarchy (merchant, amount, action), the entry form and
 * the pieces every state shares. The after-"Pay" views add theirs (`views/payment.styles.ts`).
 * Themed only through the documented `--lipwa-*` custom properties and `::part`s; the private
 * `--_*` properties pick the light or dark default once, so each rule names a colour once.
 */
export const checkoutStyles = css`
  :host {
    display: block;
    --_space: var(--lipwa-spacing, 1rem);
    --_radius: var(--lipwa-radius, 0.5rem);
    --_primary: var(--lipwa-color-primary, #0a7d33);
    --_on-primary: var(--lipwa-color-on-primary, #fff);
    --_text: var(--lipwa-color-text, #1b1b1f);
    --_muted: var(--lipwa-color-muted, #595c63);
    --_bg: var(--lipwa-color-background, #fff);
    --_error: var(--lipwa-color-error, #b3261e);
    --_success: var(--lipwa-color-success, #0a7d33);
    --_border: var(--lipwa-color-border, #c4c6cc);
    font-family: var(--lipwa-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
    color: var(--_text);
  }
  :host([theme='dark']) {
    --_primary: var(--lipwa-color-primary, #4cd07d);
    --_on-primary: var(--lipwa-color-on-primary, #062b12);
    --_text: var(--lipwa-color-text, #e9eaee);
    --_muted: var(--lipwa-color-muted, #b5b8c0);
    --_bg: var(--lipwa-color-background, #1c1d22);
    --_error: var(--lipwa-color-error, #ffb4ab);
    --_success: var(--lipwa-color-success, #4cd07d);
    --_border: var(--lipwa-color-border, #4a4c55);
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --_primary: var(--lipwa-color-primary, #4cd07d);
      --_on-primary: var(--lipwa-color-on-primary, #062b12);
      --_text: var(--lipwa-color-text, #e9eaee);
      --_muted: var(--lipwa-color-muted, #b5b8c0);
      --_bg: var(--lipwa-color-background, #1c1d22);
      --_error: var(--lipwa-color-error, #ffb4ab);
      --_success: var(--lipwa-color-success, #4cd07d);
      --_border: var(--lipwa-color-border, #4a4c55);
    }
  }
  :host([hidden]) {
    display: none;
  }
  [part~='base'] {
    box-sizing: border-box;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    display: grid;
    gap: var(--_space);
    max-width: 28rem;
    overflow-wrap: anywhere;
  }
  [part~='header'] {
    display: flex;
    align-items: center;
    gap: 0.5em;
  }
  h2 {
    margin: 0;
    font-size: 1.05rem;
  }
  h2:focus {
    outline: none;
  }
  p,
  ul {
    margin: 0;
  }
  [part~='amount'] {
    font-size: 1.75rem;
    font-weight: 700;
    min-height: 1.2em;
    font-variant-numeric: tabular-nums;
  }
  [part~='form'],
  [part~='status'] {
    display: grid;
    gap: calc(var(--_space) * 0.5);
  }
  [part~='label'],
  [part~='methods-legend'] {
    font-weight: 600;
    padding: 0;
  }
  [part~='input'],
  [part~='button'],
  [part~='method'] {
    box-sizing: border-box;
    min-height: 44px;
    font: inherit;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
  }
  [part~='input'] {
    width: 100%;
    padding: 0.6em 0.75em;
    background: var(--_bg);
    color: inherit;
  }
  [part~='input'][aria-invalid='true'] {
    border-color: var(--_error);
  }
  .hint,
  .muted {
    font-size: 0.875rem;
    color: var(--_muted);
    min-height: 1.2em;
  }
  [part~='error'] {
    color: var(--_error);
    font-size: 0.875rem;
  }
  [part~='error']:empty {
    display: none;
  }
  [part~='button'] {
    font-weight: 600;
    padding: 0.6em 1em;
    border-color: transparent;
    background: var(--_primary);
    color: var(--_on-primary);
    cursor: pointer;
  }
  [aria-disabled='true'],
  :disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  [part~='methods'] {
    display: grid;
    gap: calc(var(--_space) * 0.5);
    margin: 0;
    padding: 0;
    border: 0;
  }
  [part~='method'] {
    display: flex;
    align-items: center;
    gap: 0.6em;
    padding: 0 0.75em;
    cursor: pointer;
  }
  [part~='method']:has(:checked) {
    border-color: var(--_primary);
  }
  [part~='method-radio'] {
    margin: 0;
    accent-color: var(--_primary);
  }
  [part~='notice'] {
    font-size: 0.875rem;
    font-weight: 600;
  }
  p[part~='skeleton'],
  [part~='label'] {
    min-height: 1.2em;
  }
  [part~='skeleton'] span,
  p[part~='skeleton'] {
    display: block;
    border-radius: var(--_radius);
    background: var(--_border);
    opacity: 0.35;
  }
  [part~='icon'] {
    flex: none;
    width: 1.75em;
    height: 1.75em;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
  }
  .spin {
    color: var(--_primary);
    animation: spin 1s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
      transition: none !important;
    }
  }
`;
