import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideTransition,
  isFinal,
  type PaymentStatus,
  paymentStatuses,
  type TransitionSource,
  transition,
  transitions,
} from './payment-status.js';

const sources: TransitionSource[] = ['provider', 'deadline', 'server'];

describe('the payment state machine', () => {
  it('lets a pending payment reach any outcome', () => {
    for (const to of ['completed', 'failed', 'cancelled', 'expired'] as const) {
      expect(decideTransition({ status: 'pending' }, { to, source: 'provider' })).toEqual({
        kind: 'applied',
        from: 'pending',
        to,
      });
    }
  });

  it('treats the same status again as a duplicate, not a change', () => {
    expect(
      decideTransition({ status: 'completed' }, { to: 'completed', source: 'provider' }),
    ).toEqual({
      kind: 'duplicate',
      status: 'completed',
    });
  });

  it('never lets a late failure undo a success', () => {
    const outcome = decideTransition({ status: 'completed' }, { to: 'failed', source: 'provider' });
    expect(outcome.kind).toBe('rejected');
  });

  it('lets a payment that expired by our own deadline still complete when the provider reports success', () => {
    expect(
      decideTransition(
        { status: 'expired', decidedBy: 'deadline' },
        { to: 'completed', source: 'provider' },
      ).kind,
    ).toBe('applied');
  });

  it('keeps a payment the provider itself expired expired', () => {
    expect(
      decideTransition(
        { status: 'expired', decidedBy: 'provider' },
        { to: 'completed', source: 'provider' },
      ).kind,
    ).toBe('rejected');
  });

  it('records reversals only from the server, never from a callback', () => {
    expect(
      decideTransition({ status: 'completed' }, { to: 'reversed', source: 'provider' }).kind,
    ).toBe('rejected');
    expect(
      decideTransition({ status: 'completed' }, { to: 'reversed', source: 'server' }).kind,
    ).toBe('applied');
  });

  it('throws illegal_transition from transition() for a forbidden move', () => {
    expect(() =>
      transition({ status: 'failed' }, { to: 'completed', source: 'provider' }),
    ).toThrowError(expect.objectContaining({ code: 'illegal_transition' }));
    expect(transition({ status: 'pending' }, { to: 'failed', source: 'provider' })).toBe('failed');
  });
});

describe('state machine properties', () => {
  const status = fc.constantFrom(...paymentStatuses);
  const source = fc.constantFrom(...sources);
  const decidedBy = fc.constantFrom(...sources);

  it('only ever applies moves listed in the transitions table', () => {
    fc.assert(
      fc.property(status, status, source, decidedBy, (from, to, src, by) => {
        const outcome = decideTransition({ status: from, decidedBy: by }, { to, source: src });
        if (outcome.kind === 'applied') expect(transitions[from]).toContain(to);
      }),
    );
  });

  it('never leaves a final status except by the two documented exceptions', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(status, source), { maxLength: 20 }), (requests) => {
        let current: { status: PaymentStatus; decidedBy: TransitionSource } = {
          status: 'pending',
          decidedBy: 'provider',
        };
        for (const [to, src] of requests) {
          const outcome = decideTransition(current, { to, source: src });
          if (outcome.kind !== 'applied') continue;
          if (isFinal(current.status)) {
            const allowed =
              (current.status === 'expired' &&
                current.decidedBy === 'deadline' &&
                to === 'completed') ||
              (current.status === 'completed' && to === 'reversed');
            expect(allowed).toBe(true);
          }
          current = { status: to, decidedBy: src };
        }
      }),
    );
  });

  it('reaches no status twice in one history, so each final status is announced at most once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(status, source), { maxLength: 30 }), (requests) => {
        let current: { status: PaymentStatus; decidedBy: TransitionSource } = {
          status: 'pending',
          decidedBy: 'provider',
        };
        const reached: PaymentStatus[] = [];
        for (const [to, src] of requests) {
          if (decideTransition(current, { to, source: src }).kind === 'applied') {
            reached.push(to);
            current = { status: to, decidedBy: src };
          }
        }
        expect(new Set(reached).size).toBe(reached.length);
      }),
    );
  });
});
