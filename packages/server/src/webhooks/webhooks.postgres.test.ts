import { describe, expect, it } from 'vitest';
import { createPostgresStore } from '../stores/postgres-store.js';
import { darajaSuccess } from '../testing/test-adapter.js';
import { callbackPath, setupKit } from '../testing/test-harness.js';
import { useTestSchema } from '../testing/test-postgres.js';

const database = useTestSchema();
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const PAYMENTS = 1000;

/** One kit instance: its own pool and store on the shared tables, its own sender. */
async function instance(receive: (id: string) => void) {
  const store = createPostgresStore({
    pool: database.newPool(),
    schema: database.schema,
    tablePrefix: 'shared_',
  });
  await store.migrate();
  return setupKit({
    store,
    rateLimit: { maxPerPhone: 1e9, maxPerSession: 1e9, maxPerClient: 1e9, phoneWindows: [] },
    webhooks: {
      endpoints: [
        {
          id: 'orders',
          url: 'http://127.0.0.1:4000/webhooks',
          secrets: [SECRET],
          events: ['payment.completed'],
        },
      ],
      batchSize: 25,
      fetch: (async (_url: unknown, init?: RequestInit) => {
        receive(new Headers(init?.headers).get('webhook-id') ?? '');
        return new Response('ok');
      }) as typeof fetch,
    },
  });
}

async function inBatches<T>(items: T[], size: number, task: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(task));
  }
}

describe('webhooks from two instances sharing PostgreSQL', () => {
  it(`settles ${PAYMENTS} payments across two instances: ${PAYMENTS} deliveries, no duplicate, none missing`, async () => {
    const received: string[] = [];
    const a = await instance((id) => received.push(id));
    const b = await instance((id) => received.push(id));
    const indexes = Array.from({ length: PAYMENTS }, (_, i) => i);

    // Started on A, settled by a callback that lands on A or B, while both senders run.
    const sending = { on: true };
    const senders = [a, b].map(async (kit) => {
      while (sending.on) await kit.sendWebhooksOnce();
    });
    await inBatches(indexes, 20, async (i) => {
      const token = await a.session({ reference: `ORDER-PG-${i}` });
      const { payment } = await a.startPayment(token, { phone: '0708374149' });
      const record = await a.store.get(payment.id);
      const callbackUrl = a.adapter.initiated.find(
        (call) => call.paymentId === payment.id,
      )?.callbackUrl;
      const { token: callbackToken } = callbackPath(callbackUrl ?? '');
      await (i % 2 === 0 ? a : b).handleCallback('daraja', callbackToken, {
        headers: {},
        rawBody: darajaSuccess(record?.providerRef ?? '', 1500),
      });
    });
    sending.on = false;
    await Promise.all(senders);
    while ((await a.sendWebhooksOnce()) + (await b.sendWebhooksOnce()) > 0) {}

    const unique = new Set(received);
    const delivered = await a.lipwa.webhooks.list({ status: 'delivered', limit: 1000 });
    console.log(
      `two instances, ${PAYMENTS} payments: ${received.length} deliveries received, ${received.length - unique.size} duplicates, ${PAYMENTS - unique.size} missing`,
    );
    expect(unique.size).toBe(PAYMENTS);
    expect(received).toHaveLength(PAYMENTS);
    expect(delivered).toHaveLength(PAYMENTS);
    await Promise.all([a.lipwa.close(), b.lipwa.close()]);
  }, 120_000);
});
