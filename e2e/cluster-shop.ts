import { ports } from './ports.js';

/**
 * `npm run start:cluster` for the cluster suite: two shop instances (A and B, child processes)
 * on one PostgreSQL and one simulator, each instance's callbacks and webhooks going to the other.
 */
export const clusterAUrl = `http://127.0.0.1:${ports.clusterA}`;
export const clusterBUrl = `http://127.0.0.1:${ports.clusterB}`;
export const clusterSimulatorUrl = `http://127.0.0.1:${ports.clusterSimulator}`;

/** The spec files that drive the cluster (a Playwright project of their own). */
export const clusterSpecs = /cluster\.spec\.ts$/;

export const clusterServer = {
  command: 'node ../apps/shop/dist/cluster.js',
  // Ready once A serves pages; the suite waits for B as well (it starts at the same time).
  url: `${clusterAUrl}/`,
  reuseExistingServer: !process.env.CI,
  // Generous, like the other servers: two instances and a simulator start on a loaded machine.
  timeout: 120_000,
  // SIGTERM to the process group: each instance closes its kit, then the parent drops the schema.
  gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  stdout: 'ignore',
  stderr: 'pipe',
  env: {
    LIPWA_CLUSTER_PORTS: `${ports.clusterA},${ports.clusterB}`,
    SIMULATOR_PORT: String(ports.clusterSimulator),
    // A run's own schema (tables, limits, orders), dropped when the suite stops the cluster.
    LIPWA_CLUSTER_SCHEMA: `lipwa_e2e_cluster_${process.pid}`,
    LIPWA_CLUSTER_DROP_SCHEMA: '1',
    SIMULATOR_DELAY_MS: '1200',
    // Only the provider's callback settles a payment here: the status query comes far later.
    LIPWA_FIRST_QUERY_MS: '120000',
    NODE_ENV: 'development',
    LIPWA_PHONE_LIMITS: 'off',
  },
} as const;
