#!/usr/bin/env node
/** `npm start`: the shop and the simulator on the embedded defaults, no configuration needed. */
import { startDemo } from './demo.js';
import { numberFromEnv } from './env.js';
import { providersFromEnv } from './providers.js';

const providers = providersFromEnv(process.env);
const demo = await startDemo({
  providers,
  failover: process.env.LIPWA_FAILOVER === '1',
  phoneLimits: process.env.LIPWA_PHONE_LIMITS !== 'off',
  allowSimulatorInProduction: process.env.LIPWA_ALLOW_SIMULATOR_IN_PRODUCTION === '1',
  port: numberFromEnv('PORT') ?? 3000,
  simulatorPort: numberFromEnv('SIMULATOR_PORT') ?? 8787,
  autoResolveDelayMs: numberFromEnv('SIMULATOR_DELAY_MS'),
  firstQueryAfterMs: numberFromEnv('LIPWA_FIRST_QUERY_MS'),
  tokenSecret: process.env.LIPWA_TOKEN_SECRET,
  dataDirectory: process.env.LIPWA_DATA_DIR,
  // The SPA's dev server (apps/spa) proxies /lipwa here and keeps its own Origin.
  extraOrigins: (process.env.LIPWA_EXTRA_ORIGINS ?? 'http://127.0.0.1:5173,http://localhost:5173')
    .split(',')
    .filter(Boolean),
});

console.log(`
  Shop            ${demo.shopUrl}
  Virtual phone   ${demo.simulator.phoneUrl}
  Providers       ${providers.join(', ')} (simulated; LIPWA_PROVIDER=daraja|cashfin|cashpay|gateway|payment-apps)

  Pay with 0708 374 149 and approve on the virtual phone, or use a magic number:
  0711 000 000 pays at once, 0711 000 001 has no funds, 0711 000 032 cancels.${
    providers.includes('cashpay')
      ? '\n  CashPay sends you to its hosted page: approve, decline or close it there.'
      : ''
  }
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
