import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../stores/postgres-store.js';
import { darajaSuccess } from '../testing/test-adapter.js';
import { uniqueChannel } from '../testing/test-bus-kit.js';
import { callbackPath, type ServedKit, SHOP_ORIGIN, serveKit } from '../testing/test-harness.js';
import { useTestSchema } from '../testing/test-postgres.js';
import { createPostgresEventBus } from './postgres-bus.js';

const database = useTestSchema();
const served: ServedKit[] = [];

afterAll(async () => {
  for (const kit of served) await kit.close();
});

/** One server instance: its own pools, the shared tables and the shared NOTIFY channel. */
async function instance(channel: string): Promise<ServedKit> {
  const store = createPostgresStore({
    pool: database.newPool(),
    schema: database.schema,
    tablePrefix: 'multi_',
  });
  await store.migrate();
  const bus = createPostgresEventBus({ pool: database.newPool(), channel });
  await bus.ready();
  const kit = await serveKit({ store, bus });
  served.push(kit);
  return kit;
}

/** Reads SSE frames as they arrive, so a test can act between them. */
function frames(response: Response) {
  const reader = response.body?.getReader();
  if (!reader) throw new Error('The stream has no body.');
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    /** The next `event: payment` frame's data, or `undefined` when the server ended the stream. */
    async next(): Promise<unknown> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith('event: payment\n')) {
            return JSON.parse(frame.slice(frame.indexOf('data: ') + 6));
          }
          continue;
        }
        const chunk = await reader.read();
        if (chunk.done) return undefined;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
  };
}

describe('two instances sharing PostgreSQL', () => {
  it('streams on instance B the completion of a payment whose callback reached instance A', async () => {
    const channel = uniqueChannel();
    const a = await instance(channel);
    const b = await instance(channel);
    const token = await a.session();
    const auth = { Authorization: `Bearer ${token}`, Origin: SHOP_ORIGIN };

    const started = await fetch(`${a.url}/payments`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: '0708374149' }),
    });
    const { payment } = (await started.json()) as { payment: { id: string } };
    const stream = frames(await fetch(`${b.url}/payments/${payment.id}/events`, { headers: auth }));
    const first = await stream.next();
    const { token: callbackToken } = callbackPath(a.adapter.lastCallbackUrl());
    const providerRef = (await a.store.get(payment.id))?.providerRef ?? '';
    const answer = await fetch(`${a.url}/callbacks/daraja/${callbackToken}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: darajaSuccess(providerRef, 1500),
    });
    const second = await stream.next();
    const after = await stream.next();

    expect(started.status).toBe(201);
    expect(answer.status).toBe(200);
    expect(first).toMatchObject({ id: payment.id, status: 'pending' });
    expect(second).toMatchObject({ id: payment.id, status: 'completed', receipt: 'NLJ7RT61SV' });
    expect(after).toBeUndefined();
    expect(b.adapter.initiated).toEqual([]);
  });
});
