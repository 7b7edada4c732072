/**
 * Table names and the idempotent DDL of the PostgreSQL store. A record lives whole in a `jsonb`
 * column; the columns queries filter on are generated from it, so they can never disagree.
 */

export interface PostgresTables {
  readonly schema: string;
  readonly payments: string;
  readonly events: string;
  readonly unmatched: string;
  /** The webhook outbox. */
  readonly deliveries: string;
  /** Unqualified prefix, used to name indexes. */
  readonly prefix: string;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function tableNames(schema: string, prefix: string): PostgresTables {
  const qualified = (table: string) =>
    `${quoteIdentifier(schema)}.${quoteIdentifier(prefix + table)}`;
  return Object.freeze({
    schema,
    prefix,
    payments: qualified('payments'),
    events: qualified('payment_events'),
    unmatched: qualified('unmatched_callbacks'),
    deliveries: qualified('webhook_deliveries'),
  });
}

/**
 * Every statement is `IF NOT EXISTS`, so `migrate()` can run at every start-up. `holds_session`
 * marks the one attempt that owns its merchant reference (the name is historical: it once keyed
 * on the session): set on insert for a pending or completed attempt, cleared once it leaves
 * those states, never set again (a late success on an expired attempt must not collide with a
 * newer attempt). The partial unique index on it is what makes `createAttempt` atomic across
 * instances: one payable attempt per reference.
 */
// Long only because it is the schema itself: one SQL statement per table and index.
export function migrationStatements(tables: PostgresTables): string[] {
  const index = (name: string) => quoteIdentifier(`${tables.prefix}${name}`);
  const statements =
    tables.schema === 'public'
      ? []
      : [`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(tables.schema)}`];
  return [
    ...statements,
    `CREATE TABLE IF NOT EXISTS ${tables.payments} (
      seq bigserial NOT NULL,
      id text PRIMARY KEY,
      data jsonb NOT NULL,
      holds_session boolean NOT NULL,
      leased_until timestamptz,
      session_id text GENERATED ALWAYS AS (data->>'sessionId') STORED,
      reference text GENERATED ALWAYS AS (data->>'reference') STORED,
      status text GENERATED ALWAYS AS (data->>'status') STORED,
      provider text GENERATED ALWAYS AS (data->>'provider') STORED,
      provider_ref text GENERATED ALWAYS AS (data->>'providerRef') STORED,
      callback_token_hash text GENERATED ALWAYS AS (data->>'callbackTokenHash') STORED,
      created_at double precision GENERATED ALWAYS AS ((data->>'createdAt')::double precision) STORED,
      version integer GENERATED ALWAYS AS ((data->>'version')::integer) STORED
    )`,
    // Tables made before references keyed attempts: add the column, drop the per-session index.
    `ALTER TABLE ${tables.payments}
      ADD COLUMN IF NOT EXISTS reference text GENERATED ALWAYS AS (data->>'reference') STORED`,
    `DROP INDEX IF EXISTS ${quoteIdentifier(tables.schema)}.${index('payments_one_open_attempt')}`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${index('payments_one_open_per_reference')}
      ON ${tables.payments} (reference) WHERE holds_session`,
    `CREATE INDEX IF NOT EXISTS ${index('payments_reference')}
      ON ${tables.payments} (reference, seq)`,
    `CREATE INDEX IF NOT EXISTS ${index('payments_callback_token')}
      ON ${tables.payments} (callback_token_hash)`,
    `CREATE INDEX IF NOT EXISTS ${index('payments_provider_ref')}
      ON ${tables.payments} (provider, provider_ref) WHERE provider_ref IS NOT NULL`,
    // payments.list: newest first, optionally by status (by reference uses payments_reference).
    `CREATE INDEX IF NOT EXISTS ${index('payments_seq')} ON ${tables.payments} (seq)`,
    `CREATE INDEX IF NOT EXISTS ${index('payments_status_seq')}
      ON ${tables.payments} (status, seq)`,
    `CREATE INDEX IF NOT EXISTS ${index('payments_pending')}
      ON ${tables.payments} (created_at, seq) WHERE status = 'pending'`,
    // payments.list({ refund }): the refunds in flight, which the reconciler reads each pass.
    `CREATE INDEX IF NOT EXISTS ${index('payments_refund_seq')}
      ON ${tables.payments} ((data->'providerData'->>'refund'), seq)
      WHERE data->'providerData'->>'refund' IS NOT NULL`,
    `CREATE TABLE IF NOT EXISTS ${tables.events} (
      seq bigserial PRIMARY KEY,
      payment_id text NOT NULL,
      data jsonb NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS ${index('payment_events_payment')}
      ON ${tables.events} (payment_id, seq)`,
    `CREATE TABLE IF NOT EXISTS ${tables.unmatched} (
      seq bigserial PRIMARY KEY,
      data jsonb NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS ${index('unmatched_callbacks_ref')}
      ON ${tables.unmatched} ((data->>'provider'), (data->>'providerRef'))`,
    // The webhook outbox: leases and due times are epoch ms from the sender's clock.
    `CREATE TABLE IF NOT EXISTS ${tables.deliveries} (
      seq bigserial NOT NULL,
      id text PRIMARY KEY,
      data jsonb NOT NULL,
      status text GENERATED ALWAYS AS (data->>'status') STORED,
      next_attempt_at double precision GENERATED ALWAYS AS ((data->>'nextAttemptAt')::double precision) STORED,
      lease_until double precision GENERATED ALWAYS AS ((data->>'leaseUntil')::double precision) STORED,
      lease_owner text GENERATED ALWAYS AS (data->>'leaseOwner') STORED
    )`,
    `CREATE INDEX IF NOT EXISTS ${index('webhook_deliveries_due')}
      ON ${tables.deliveries} (next_attempt_at, seq) WHERE status = 'pending'`,
    `CREATE INDEX IF NOT EXISTS ${index('webhook_deliveries_status_seq')}
      ON ${tables.deliveries} (status, seq)`,
  ];
}
