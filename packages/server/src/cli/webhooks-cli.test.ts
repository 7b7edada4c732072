import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingLogger } from '@lipwa/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../stores/file-store.js';
import { paymentRecord } from '../testing/records.js';
import { runWebhooksCli } from './webhooks-cli.js';

const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0))
    await rm(directory, { recursive: true, force: true });
});

/** A file store directory holding one failed and one delivered delivery, closed. */
async function storeWithDeliveries(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'lipwa-cli-'));
  directories.push(directory);
  const store = await createFileStore({ directory, logger: recordingLogger() });
  const record = paymentRecord();
  await store.createAttempt(record);
  const base = {
    endpointId: 'orders',
    eventType: 'payment.completed' as const,
    paymentId: record.id,
    payload: '{}',
    attempts: 3,
    createdAt: 1,
    nextAttemptAt: 1,
  };
  await store.update(record.id, 1, { status: 'completed' }, [
    { ...base, id: 'msg_failed', status: 'failed', lastError: 'HTTP 500; retries spent' },
    { ...base, id: 'msg_done', status: 'delivered' },
  ]);
  await store.close();
  return directory;
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l), env: {} },
  };
}

describe('npx lipwa webhooks', () => {
  it('lists deliveries by status from the configured store', async () => {
    const directory = await storeWithDeliveries();
    const { out, io: cliIo } = io();

    const code = await runWebhooksCli(
      ['webhooks', 'list', '--status', 'failed', '--json', '--file-store', directory],
      cliIo,
    );

    expect(code).toBe(0);
    expect(out.map((line) => JSON.parse(line).id)).toEqual(['msg_failed']);
  });

  it('replays a delivery, which is then pending again', async () => {
    const directory = await storeWithDeliveries();
    const first = io();
    const second = io();

    const code = await runWebhooksCli(
      ['webhooks', 'replay', 'msg_failed', '--file-store', directory],
      first.io,
    );
    await runWebhooksCli(
      ['webhooks', 'list', '--status', 'pending', '--json', '--file-store', directory],
      second.io,
    );

    expect(code).toBe(0);
    expect(second.out.map((line) => JSON.parse(line).id)).toEqual(['msg_failed']);
  });

  it('answers a wrong command with the usage and exit code 2, an unknown id with 1', async () => {
    const directory = await storeWithDeliveries();
    const wrong = io();
    const unknown = io();

    expect(await runWebhooksCli(['webhooks', 'resend'], wrong.io)).toBe(2);
    expect(
      await runWebhooksCli(
        ['webhooks', 'replay', 'msg_nope', '--file-store', directory],
        unknown.io,
      ),
    ).toBe(1);
    expect(wrong.err.join('\n')).toContain('Usage:');
    expect(unknown.err.join('\n')).toContain('No webhook delivery with id msg_nope');
  });
});
