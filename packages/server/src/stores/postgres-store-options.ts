/**
 * Options of `createPostgresStore`, parsed once into a frozen configuration.
 */
import { ConfigError } from '@lipwa/core';
import type { Pool } from 'pg';

export interface PostgresStoreOptions {
  /** A `pg` pool you own (the store never ends it). Give this or `connectionString`. */
  readonly pool?: Pool;
  /** e.g. `postgres://user@host:5432/db`; the store makes its own pool and `close()` ends it. */
  readonly connectionString?: string;
  /** Schema holding the tables; created by `migrate()` unless it is `public`. Default `public`. */
  readonly schema?: string;
  /** Prefix for table and index names. Default `lipwa_`. */
  readonly tablePrefix?: string;
  /**
   * When set, `listPending` leases the rows it returns to the caller for this many milliseconds
   * (by the database clock), so reconcilers on several instances split the pending payments
   * between them instead of all querying each one. Off by default: `listPending` is a plain read.
   */
  readonly pendingLeaseMs?: number;
  /**
   * The hot statements (a payment by id, by callback token, by provider reference, a checkout's
   * attempts and latest one, and the compare-and-set update) are named prepared statements,
   * parsed and planned once per connection. Default true; set
   * false behind a pooler that cannot keep them (PgBouncer in transaction mode before 1.21).
   */
  readonly preparedStatements?: boolean;
}

export interface PostgresStoreConfig {
  readonly pool?: Pool | undefined;
  readonly connectionString?: string | undefined;
  readonly schema: string;
  readonly tablePrefix: string;
  readonly pendingLeaseMs?: number | undefined;
  readonly preparedStatements: boolean;
}

// Lower-case identifiers only: no quoting surprises, and room for the longest suffix in 63 bytes.
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const MAX_SCHEMA_LENGTH = 63;
const MAX_PREFIX_LENGTH = 24;

export function parsePostgresStoreOptions(options: PostgresStoreOptions): PostgresStoreConfig {
  const hasPool = options?.pool !== undefined;
  const hasUrl = options?.connectionString !== undefined;
  if (hasPool === hasUrl) {
    throw new ConfigError(
      'createPostgresStore needs exactly one of `pool` (a pg Pool you own) or `connectionString` (e.g. process.env.DATABASE_URL).',
    );
  }
  if (hasUrl && (typeof options.connectionString !== 'string' || options.connectionString === '')) {
    throw new ConfigError(
      'createPostgresStore `connectionString` is empty; pass e.g. process.env.DATABASE_URL.',
    );
  }
  const schema = options.schema ?? 'public';
  if (!IDENTIFIER.test(schema) || schema.length > MAX_SCHEMA_LENGTH) {
    throw new ConfigError(
      `createPostgresStore \`schema\` must be a lower-case identifier (letters, digits, _) of at most ${MAX_SCHEMA_LENGTH} characters; got ${JSON.stringify(schema)}.`,
    );
  }
  const tablePrefix = options.tablePrefix ?? 'lipwa_';
  if (
    !(tablePrefix === '' || IDENTIFIER.test(tablePrefix)) ||
    tablePrefix.length > MAX_PREFIX_LENGTH
  ) {
    throw new ConfigError(
      `createPostgresStore \`tablePrefix\` must be lower-case letters, digits and _ (at most ${MAX_PREFIX_LENGTH}); got ${JSON.stringify(tablePrefix)}.`,
    );
  }
  const lease = options.pendingLeaseMs;
  if (lease !== undefined && (!Number.isInteger(lease) || lease < 1)) {
    throw new ConfigError(
      `createPostgresStore \`pendingLeaseMs\` must be a whole number of milliseconds, at least 1; got ${String(lease)}.`,
    );
  }
  const prepared = options.preparedStatements ?? true;
  if (typeof prepared !== 'boolean') {
    throw new ConfigError(
      `createPostgresStore \`preparedStatements\` must be true or false; got ${JSON.stringify(prepared)}.`,
    );
  }
  return Object.freeze({
    preparedStatements: prepared,
    pool: options.pool,
    connectionString: options.connectionString,
    schema,
    tablePrefix,
    pendingLeaseMs: lease,
  });
}
