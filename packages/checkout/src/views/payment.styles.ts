import { css } from 'lit';

/**
 * The after-"Pay" views' styles, adopted next to the main ones when that part arrives: the
 * countdown ring, "More time", the help, the receipt and each outcome's colour.
 */
export const paymentStyles = css`
  [part~='countdown'] {
    display: flex;
    align-items: center;
    gap: 0.75em;
  }
  .ring {
    position: relative;
    flex: none;
    display: grid;
    place-items: center;
    width: 3.5rem;
    height: 3.5rem;
    font-size: 0.8rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .ring svg {
    position: absolute;
    inset: 0;
    transform: rotate(-90deg);
    fill: none;
    stroke: var(--_border);
    stroke-width: 3;
  }
  .ring circle + circle {
    stroke: var(--_primary);
    stroke-linecap: round;
    transition: stroke-dashoffset 1s linear;
  }
  [part~='more-time'] {
    background: none;
    color: inherit;
    border-color: var(--_border);
  }
  summary {
    cursor: pointer;
    min-height: 44px;
    display: flex;
    align-items: center;
    font-weight: 600;
  }
  ul {
    padding-inline-start: 1.25em;
  }
  [part~='receipt'] {
    font-family: ui-monospace, monospace;
    font-weight: 700;
  }
  .good,
  .success h2 {
    color: var(--_success);
  }
  .bad,
  .failure h2 {
    color: var(--_error);
  }
  .quiet {
    color: var(--_muted);
  }
`;
