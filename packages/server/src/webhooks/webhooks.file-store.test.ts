import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingLogger } from '@lipwa/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../stores/file-store.js';
import { paymentRecord } from '../testing/records.js';
import type { WebhookDelivery } from './webhook-delivery.js';

const directories: string[] = [];

afterEach(async () => {
  for (const directory of directories.splice(0))
    await rm(directory, { recursive: true, force: true });
});

async function openStore(directory?: string) {
  const dir = directory ?? (await mkdtemp(join(tmpdir(), 'lipwa-outbox-')));
  if (!directory) directories.push(dir);
  return createFileStore({ directory: dir, logger: recordingLogger() });
}

function delivery(paymentId: string): WebhookDelivery {
  return {
    id: `msg_file_${paymentId}`,
    endpointId: 'orders',
    eventType: 'payment.completed',
    paymentId,
    payload: '{"type":"payment.completed"}',
    status: 'pending',
    attempts: 0,
    createdAt: 1,
    nextAttemptAt: 1,
  };
}

describe('the file store outbox across restarts', () => {
  it('still holds a delivery written with a status change after the process restarts, lease and all', async () => {
    const store = await openStore();
    const record = paymentRecord();
    await store.createAttempt(record);
    const written = delivery(record.id);
    await store.update(record.id, 1, { status: 'completed' }, [written]);
    await store.leaseDeliveries({ now: 10, limit: 10, leaseMs: 100, owner: 'dead' });
    await store.close();

    const reopened = await openStore(store.directory);

    expect(await reopened.getDelivery(written.id)).toMatchObject({
      status: 'pending',
      leaseOwner: 'dead',
      leaseUntil: 110,
    });
    expect(
      await reopened.leaseDeliveries({ now: 110, limit: 10, leaseMs: 100, owner: 'new' }),
    ).toHaveLength(1);
    await reopened.close();
  });

  it('keeps deliveries through a compaction', async () => {
    const store = await openStore();
    const record = paymentRecord();
    await store.createAttempt(record);
    const written = delivery(record.id);
    await store.update(record.id, 1, { status: 'completed' }, [written]);
    await store.updateDelivery(written.id, { status: 'delivered', deliveredAt: 5 });

    await store.compact();
    await store.close();
    const reopened = await openStore(store.directory);

    expect(await reopened.getDelivery(written.id)).toMatchObject({
      status: 'delivered',
      deliveredAt: 5,
    });
    await reopened.close();
  });
});
