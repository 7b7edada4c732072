import { afterEach, describe, expect, it } from 'vitest';
import { type ServedKit, serveKit } from '../testing/test-harness.js';

let served: ServedKit | undefined;

afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe('a status stream whose session expires', () => {
  it('ends at the first ping after the session token expires', async () => {
    served = await serveKit({ stream: { pingIntervalMs: 5 } });
    const kit = served;
    const auth = { authorization: `Bearer ${await kit.session()}` };
    const started = await fetch(`${kit.url}/payments`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '0708374149' }),
    });
    const { payment } = (await started.json()) as { payment: { id: string } };
    const stream = await fetch(`${kit.url}/payments/${payment.id}/events`, { headers: auth });
    const reader = stream.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('event: payment');

    // 15 minutes of session plus the 5 s tolerance have passed on the kit's clock.
    kit.clock.advance(15 * 60_000 + 5_000);
    let done = false;
    while (!done && reader) done = (await reader.read()).done;

    expect(done).toBe(true);
  });
});
