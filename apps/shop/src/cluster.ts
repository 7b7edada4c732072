#!/usr/bin/env node
/**
 * `npm run start:cluster`: the demo shop on two instances, A and B, each a child process, on one
 * PostgreSQL database (payments, webhook outbox, orders, limits; the bus on LISTEN/NOTIFY) and one
 * simulator. Each instance's public base URL is the other's, so a provider's callback for a
 * payment started on A lands on B (and the reverse), as behind a load balancer without sticky
 * sessions. Ctrl-C stops both instances, then the simulator.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@lipwa/core';
import { startSimulator } from '@lipwa/simulator';
import type { InstanceConfig, InstanceReady } from './cluster-instance.js';
import {
  DEFAULT_DATABASE_URL,
  describeDatabase,
  dropClusterSchema,
  prepareClusterSchema,
} from './cluster-schema.js';
import { numberFromEnv } from './env.js';
import { SCHEMA_NAME } from './postgres-orders.js';
import { providersFromEnv, registerWebhooks, simulatorEndpoints } from './providers.js';

const env = process.env;
if (env.NODE_ENV === 'production') {
  throw new ConfigError(
    'The cluster demo runs on a provider simulator, which settles payments no one paid: it will not start with NODE_ENV=production.',
  );
}
const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
const schema = env.LIPWA_CLUSTER_SCHEMA || 'lipwa_cluster';
if (!SCHEMA_NAME.test(schema)) {
  throw new ConfigError(`LIPWA_CLUSTER_SCHEMA must be a lower-case identifier; got "${schema}".`);
}
const ports = (env.LIPWA_CLUSTER_PORTS || '3001,3002').split(',').map(Number);
const [portA, portB] = ports;
if (ports.length !== 2 || !ports.every((port) => Number.isInteger(port) && port > 0)) {
  throw new ConfigError(`LIPWA_CLUSTER_PORTS must be two ports, e.g. 3001,3002.`);
}
const urlA = `http://127.0.0.1:${portA}`;
const urlB = `http://127.0.0.1:${portB}`;

try {
  await prepareClusterSchema(databaseUrl, schema);
} catch (error) {
  throw new ConfigError(
    `The cluster needs PostgreSQL at ${describeDatabase(databaseUrl)}: ${(error as Error).message}. Start it or set DATABASE_URL.`,
    { cause: error },
  );
}
const simulator = await startSimulator({
  port: numberFromEnv('SIMULATOR_PORT') ?? 8787,
  autoResolveDelayMs: numberFromEnv('SIMULATOR_DELAY_MS') ?? 3000,
  cashpayCurrency: 'KES',
});
// Both instances sign and verify with the same secrets: a session made on A is good on B.
const shared = {
  databaseUrl,
  schema,
  simulator: simulatorEndpoints(simulator),
  providers: providersFromEnv(env),
  webhookSecret: env.LIPWA_WEBHOOK_SECRET || `whsec_${randomBytes(24).toString('base64')}`,
  tokenSecret: env.LIPWA_TOKEN_SECRET || randomBytes(48).toString('base64'),
  phoneLimits: env.LIPWA_PHONE_LIMITS !== 'off',
  firstQueryAfterMs: numberFromEnv('LIPWA_FIRST_QUERY_MS') ?? 10_000,
};
// Dashboard-registered webhooks (Cashfin, payment apps) go to B, like the callbacks of A's payments.
registerWebhooks(simulator, `${urlB}/lipwa`);

const instancePath = fileURLToPath(new URL('./cluster-instance.js', import.meta.url));
const children: ChildProcess[] = [];

/** Forks one instance and resolves with its URL once it serves pages. */
function startInstance(config: InstanceConfig): Promise<string> {
  const child = fork(instancePath, {
    env: { ...env, LIPWA_CLUSTER_INSTANCE: JSON.stringify(config) },
    execArgv: ['--enable-source-maps'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve((message as InstanceReady).shopUrl));
    child.once('exit', (code) => {
      reject(new Error(`Instance ${config.name} exited (code ${code}).`));
      void stop(1);
    });
  });
}

let stopping: Promise<void> | undefined;
/** Stops the instances (each closes its kit, store and bus), then the simulator. */
function stop(code: number): Promise<void> {
  stopping ??= (async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    if (env.LIPWA_CLUSTER_DROP_SCHEMA === '1') await dropClusterSchema(databaseUrl, schema);
    await simulator.close();
    process.exit(code);
  })();
  return stopping;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(0));

const [shopA, shopB] = await Promise.all([
  startInstance({ ...shared, name: 'A', port: portA ?? 0, publicBaseUrl: urlB }),
  startInstance({ ...shared, name: 'B', port: portB ?? 0, publicBaseUrl: urlA }),
]).catch(async (error: Error) => {
  // An instance that died while starting (its own error is above): stop the other, then leave.
  console.error(error.message);
  await stop(1);
  throw error;
});

console.log(`
  Shop A          ${shopA}   (providers call back, and webhooks land, on B)
  Shop B          ${shopB}   (providers call back, and webhooks land, on A)
  Virtual phone   ${simulator.phoneUrl}
  Database        ${describeDatabase(databaseUrl)}, schema ${schema}

  Start a payment on A (0708 374 149, approve on the virtual phone), open the same order's
  page on B: it follows the payment live, shows it paid, and counts one webhook. Ctrl-C stops all.
`);
