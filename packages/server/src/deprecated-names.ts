/**
 * The 0.1 names on `Lipwa`, kept for one minor version: each does what it did and warns once per
 * kit (through the kit's logger) with the name to use instead. Nothing inside the kit calls them.
 */
import type { Deprecations } from './deprecations.js';
import type { LipwaInternals } from './kit-internals.js';
import type { Lipwa, LipwaSessions } from './lipwa.js';
import { toPaymentView } from './payments/payment-view.js';

type DeprecatedNames = Pick<
  Lipwa,
  | 'createSession'
  | 'getPayment'
  | 'startPayment'
  | 'readSession'
  | 'handleCallback'
  | 'handleFixedCallback'
  | 'subscribe'
  | 'view'
  | 'reconcileOnce'
>;

const REMOVED_IN = '0.3';

export function deprecatedNames(
  internals: LipwaInternals,
  sessions: LipwaSessions,
  deprecations: Deprecations,
): DeprecatedNames {
  const warn = (name: string, instead: string) =>
    deprecations.warnOnce(
      `LIPWA_DEP_${name.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`,
      `lipwa.${name}() is deprecated and will be removed in ${REMOVED_IN}: ${instead}.`,
    );
  const internalOnly = 'mount lipwa.router(), which does this for you';
  return {
    createSession(input) {
      warn('createSession', 'use lipwa.sessions.create(input)');
      return sessions.create(input);
    },
    getPayment(id) {
      warn(
        'getPayment',
        'use lipwa.payments.retrieve(id), which returns the public PaymentView instead of the stored record',
      );
      return internals.config.store.get(id);
    },
    startPayment(token, body, context) {
      warn('startPayment', internalOnly);
      return internals.startPayment(token, body, context);
    },
    readSession(token, origin) {
      warn('readSession', internalOnly);
      return internals.readSession(token, origin);
    },
    handleCallback(providerId, token, input) {
      warn('handleCallback', internalOnly);
      return internals.handleCallback(providerId, token, input);
    },
    handleFixedCallback(providerId, input) {
      warn('handleFixedCallback', internalOnly);
      return internals.handleFixedCallback(providerId, input);
    },
    subscribe(paymentId, listener) {
      warn('subscribe', 'use hooks.onPaymentFinal and hooks.onPaymentReview');
      return internals.subscribe(paymentId, listener);
    },
    view(record) {
      warn('view', 'lipwa.payments.retrieve(id) returns the public PaymentView');
      return toPaymentView(record);
    },
    reconcileOnce() {
      warn('reconcileOnce', 'lipwa.start() reconciles on a timer');
      return internals.reconcileOnce();
    },
  };
}
