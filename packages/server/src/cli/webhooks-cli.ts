/**
 * `lipwa webhooks list|replay`: the outbox of the configured store, from a shell. The store is
 * PostgreSQL (`--database-url` or `DATABASE_URL`, with `--schema`/`--table-prefix` as the kit
 * uses them) or a file store directory (`--file-store`; the file store admits one process, so
 * stop the server first). Output is a table, or JSON lines with `--json`.
 */
import { parseArgs } from 'node:util';
import type { PaymentStore } from '../stores/payment-store.js';
import { DELIVERY_STATUSES, type DeliveryStatus, hasOutbox } from '../webhooks/webhook-delivery.js';
import { type WebhookDeliveryView, webhooksResource } from '../webhooks/webhooks-resource.js';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const USAGE = `Usage:
  lipwa webhooks list [--status pending|delivered|failed] [--limit N] [--json]
  lipwa webhooks replay <delivery id>
Store (one of):
  --database-url URL   PostgreSQL (default: $DATABASE_URL) [--schema lipwa] [--table-prefix ""]
  --file-store DIR     a file store directory (stop the server that holds it first)`;

type Flags = Readonly<Record<string, unknown>>;

type StoreOpener = (flags: Flags, io: CliIo) => Promise<PaymentStore>;

async function openConfiguredStore(flags: Flags, io: CliIo): Promise<PaymentStore> {
  const fileDirectory = typeof flags['file-store'] === 'string' ? flags['file-store'] : undefined;
  if (fileDirectory) {
    const { createFileStore } = await import('../stores/file-store.js');
    return createFileStore({ directory: fileDirectory });
  }
  const url =
    typeof flags['database-url'] === 'string' ? flags['database-url'] : io.env.DATABASE_URL;
  if (!url)
    throw new Error('No store: pass --database-url URL (or set DATABASE_URL) or --file-store DIR.');
  const { createPostgresStore } = await import('../stores/postgres-store.js');
  const store = createPostgresStore({
    connectionString: url,
    ...(typeof flags.schema === 'string' ? { schema: flags.schema } : {}),
    ...(typeof flags['table-prefix'] === 'string' ? { tablePrefix: flags['table-prefix'] } : {}),
  });
  await store.migrate();
  return store;
}

function row(delivery: WebhookDeliveryView): string {
  return [
    delivery.id,
    delivery.status.padEnd(9),
    delivery.eventType.padEnd(17),
    delivery.endpointId,
    delivery.paymentId,
    `attempts=${delivery.attempts}`,
    new Date(delivery.createdAt).toISOString(),
    delivery.lastError ?? '',
  ].join('  ');
}

// Long only because it reads as the CLI's usage: parse, open the store, run one command, close.
/** Runs the CLI; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runWebhooksCli(
  argv: readonly string[],
  io: CliIo,
  openStore: StoreOpener = openConfiguredStore,
): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        status: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        'database-url': { type: 'string' },
        schema: { type: 'string' },
        'table-prefix': { type: 'string' },
        'file-store': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [resource, command, id] = parsed.positionals;
  const flags = parsed.values;
  if (flags.help || resource !== 'webhooks' || (command !== 'list' && command !== 'replay')) {
    (flags.help ? io.out : io.err)(USAGE);
    return flags.help ? 0 : 2;
  }
  if (command === 'replay' && !id) {
    io.err(`replay needs a delivery id.\n${USAGE}`);
    return 2;
  }
  const status = flags.status as string | undefined;
  if (status !== undefined && !DELIVERY_STATUSES.includes(status as DeliveryStatus)) {
    io.err(`--status must be one of ${DELIVERY_STATUSES.join(', ')}.`);
    return 2;
  }

  let store: PaymentStore | undefined;
  try {
    store = await openStore(flags, io);
    if (!hasOutbox(store)) throw new Error('This store keeps no webhook outbox.');
    const webhooks = webhooksResource(store, { now: () => Date.now() });
    if (command === 'list') {
      const limit = flags.limit === undefined ? 100 : Number(flags.limit);
      const deliveries = await webhooks.list({
        status: status as DeliveryStatus | undefined,
        limit,
      });
      for (const delivery of deliveries)
        io.out(flags.json ? JSON.stringify(delivery) : row(delivery));
      if (!flags.json) io.err(`${deliveries.length} deliveries`);
    } else {
      const replayed = await webhooks.replay(id ?? '');
      io.out(
        flags.json
          ? JSON.stringify(replayed)
          : `queued ${replayed.id} to be sent again (by a running server's sender)`,
      );
    }
    return 0;
  } catch (error) {
    io.err(`lipwa: ${(error as Error).message}`);
    return 1;
  } finally {
    await store?.close?.();
  }
}
