import { execFileSync } from 'node:child_process';

/**
 * The ports the suites' servers listen on, chosen free once per run.
 *
 * Fixed ports made a run fail with "Timed out waiting from config.webServer" whenever something
 * else on the machine (a demo left running, another checkout's suite) held one of them. The
 * runner picks free ports once and writes them to the environment, which Playwright's workers
 * inherit, so every process of one run agrees on them. `LIPWA_E2E_PORTS` set by hand
 * (thirteen comma-separated ports, in the order below) pins them, e.g. to keep a server between runs.
 */
const names = [
  'shop',
  'simulator',
  'spa',
  'widgetShop',
  'widgetSimulator',
  'providersShop',
  'providersSimulator',
  'clusterA',
  'clusterB',
  'clusterSimulator',
  'webpackDemo',
  'partsShop',
  'partsSimulator',
] as const;

type PortName = (typeof names)[number];

/** Asks the kernel for free ports in a short child process (the config must load synchronously). */
function freePorts(count: number): number[] {
  const script = `
    const net = require('node:net');
    const servers = Array.from({ length: ${count} }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, '127.0.0.1', ok)))).then(() => {
      process.stdout.write(servers.map((s) => s.address().port).join(','));
      for (const s of servers) s.close();
    });`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })
    .split(',')
    .map(Number);
}

function resolvePorts(): Record<PortName, number> {
  const pinned = process.env.LIPWA_E2E_PORTS;
  const list = pinned ? pinned.split(',').map(Number) : freePorts(names.length);
  if (list.length !== names.length || list.some((port) => !Number.isInteger(port) || port <= 0))
    throw new Error(
      `LIPWA_E2E_PORTS must be ${names.length} comma-separated ports, got "${pinned}".`,
    );
  process.env.LIPWA_E2E_PORTS = list.join(',');
  return Object.fromEntries(names.map((name, index) => [name, list[index]])) as Record<
    PortName,
    number
  >;
}

export const ports = resolvePorts();
