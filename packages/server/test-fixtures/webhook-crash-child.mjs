// A server process for the crash tests (run from the built dist): it settles one payment with
// its webhook delivery in the outbox, says so on stdout, and then either hangs (mode "after-commit")
// or starts sending (mode "mid-send") so the test can SIGKILL it at that point.
import { createPostgresStore } from '../dist/stores/postgres-store.js';
import { deliveryPlanner } from '../dist/webhooks/webhook-events.js';
import { parseWebhooksOptions } from '../dist/webhooks/webhook-options.js';
import { createWebhookSender } from '../dist/webhooks/webhook-sender.js';

const [mode, connectionString, schema, paymentId, receiverUrl] = process.argv.slice(2);
const store = createPostgresStore({ connectionString, schema, tablePrefix: 'crash_' });
await store.migrate();
const config = parseWebhooksOptions({
  endpoints: [
    {
      id: 'orders',
      url: receiverUrl,
      secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      events: ['payment.completed'],
    },
  ],
  leaseMs: 60_000,
});
const clock = { now: () => Date.now() };
const now = clock.now();
const record = {
  id: paymentId,
  sessionId: `ses_${paymentId}`,
  provider: 'daraja',
  status: 'pending',
  amount: { amount: 150000, currency: 'KES' },
  reference: `ORDER-${paymentId}`,
  phone: '254708374149',
  callbackTokenHash: paymentId.padStart(64, 'c'),
  createdAt: now,
  updatedAt: now,
  queryCount: 0,
  version: 1,
};
await store.createAttempt(record);
const after = { ...record, status: 'completed', version: 2 };
await store.update(
  record.id,
  1,
  { status: 'completed' },
  deliveryPlanner(config.endpoints, clock)('payment.completed', after),
);
process.stdout.write('committed\n');
if (mode === 'mid-send') {
  const logger = { info() {}, warn() {}, error() {} };
  void createWebhookSender({ outbox: store, config, clock, logger, owner: 'child' }).runOnce();
}
setInterval(() => undefined, 1_000);
