import { describe, expect, it } from 'vitest';
import type { PaymentStore } from '../stores/payment-store.js';
import { createPostgresStore } from '../stores/postgres-store.js';
import { darajaSuccess } from '../testing/test-adapter.js';
import { callbackPath, setupKit } from '../testing/test-harness.js';
import { useTestSchema } from '../testing/test-postgres.js';

const database = useTestSchema();

async function startedKit(store?: PaymentStore) {
  const kit = setupKit(store ? { store } : {});
  const token = await kit.session();
  const { payment } = await kit.startPayment(token, { phone: '0708374149' });
  const { token: callbackToken } = callbackPath(kit.adapter.lastCallbackUrl());
  const providerRef = (await kit.store.get(payment.id))?.providerRef ?? '';
  const post = (rawBody: string) =>
    kit.handleCallback('daraja', callbackToken, { headers: {}, rawBody });
  return { ...kit, payment, providerRef, post };
}

async function postgresStore(): Promise<PaymentStore> {
  const store = createPostgresStore({ pool: database.admin(), schema: database.schema });
  await store.migrate();
  return store;
}

describe.each([
  ['the memory store', async () => undefined],
  ['PostgreSQL', postgresStore],
])('many callbacks for one payment at once, on %s', (_name, makeStore) => {
  it('answers every one 200 and applies the payment exactly once', async () => {
    const kit = await startedKit(await makeStore());

    const answers = await Promise.all(
      Array.from({ length: 40 }, () => kit.post(darajaSuccess(kit.providerRef, 1500))),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(200));
    expect(await kit.store.get(kit.payment.id)).toMatchObject({ status: 'completed' });
    expect(kit.finals).toHaveLength(1);
    const kinds = (await kit.store.events(kit.payment.id)).map((event) => event.kind);
    expect(kinds.filter((kind) => kind === 'transition')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'duplicate')).toHaveLength(39);
  });
});
