#!/usr/bin/env node
/** `lipwa-simulator [--port 8787] [--host 127.0.0.1]`: runs the simulator until interrupted. */
import { parseArgs } from 'node:util';
import { startSimulator } from './start-simulator.js';

function portFrom(text: string | undefined): number {
  if (text === undefined || text === '') return 8787;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`lipwa-simulator: "${text}" is not a port; pass --port 8787 or set PORT.`);
    process.exit(2);
  }
  return port;
}

const { values } = parseArgs({
  options: { port: { type: 'string' }, host: { type: 'string' } },
  strict: true,
});

const simulator = await startSimulator({
  port: portFrom(values.port ?? process.env.PORT),
  host: values.host ?? '127.0.0.1',
  autoResolveDelayMs: 3000,
  log: (line) => console.log(line),
});

console.log(`Daraja base URL  ${simulator.daraja.baseUrl}
Shortcode        ${simulator.daraja.shortcode}
Consumer key     ${simulator.daraja.consumerKey}
Virtual phone    ${simulator.phoneUrl}
Control API      ${simulator.url}/_control`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
