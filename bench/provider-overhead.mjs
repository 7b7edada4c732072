/**
 * One payment's overhead on each provider, against Daraja in the same run: the latency of
 * `POST /payments` (session check, store writes, the adapter's request to its simulator and its
 * answer) through the kit over loopback HTTP. Interleaved rounds, medians; nothing leaves 127.0.0.1.
 *
 *   node bench/provider-overhead.mjs [payments per round, default 60] [rounds, default 3]
 */
import { performance } from 'node:perf_hooks';
import { cashfin, cashpay, daraja, paymentApps, paymentGateway } from '@lipwa/providers';
import { createLipwa } from '@lipwa/server';
import { startSimulator } from '@lipwa/simulator';
import express from 'express';

const perRound = Number(process.argv[2] ?? 60);
const rounds = Number(process.argv[3] ?? 3);
const simulator = await startSimulator({ cashpayCurrency: 'KES', promptTimeoutMs: 3_600_000 });

const adapters = {
  daraja: () => daraja({ ...simulator.daraja }),
  cashfin: () => cashfin({ ...simulator.cashfin }),
  cashpay: () => cashpay({ ...simulator.cashpay }),
  gateway: () => paymentGateway({ ...simulator.gateway }),
  'payment-apps': () => paymentApps({ ...simulator.paymentApps }),
};

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const kits = {};
for (const [id, make] of Object.entries(adapters)) {
  const app = express();
  const server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const lipwa = createLipwa({
    providers: [make()],
    publicUrl: `${origin}/lipwa`,
    merchantName: 'Bench',
    allowedOrigins: [origin],
    environment: 'development',
    logger: quiet,
    rateLimit: { maxPerClient: 1e9, maxPerPhone: 1e9, maxPerSession: 1e9, phoneWindows: [] },
  });
  app.use('/lipwa', lipwa.router());
  kits[id] = { origin, lipwa, server };
  if (id.includes('app'))
    simulator.control.setWebhookUrl('payment-apps', `${origin}/lipwa/callbacks/payment-apps`);
  if (id === 'cashfin')
    simulator.control.setWebhookUrl('cashfin', `${origin}/lipwa/callbacks/cashfin`);
}

let counter = 0;
async function onePayment(id) {
  const { origin, lipwa } = kits[id];
  counter += 1;
  const { token } = await lipwa.sessions.create({ amount: 150_000, reference: `B${counter}` });
  const body =
    id === 'cashpay'
      ? { method: id, returnUrl: `${origin}/back` }
      : { phone: '0708374149', method: id };
  const started = performance.now();
  const response = await fetch(`${origin}/lipwa/payments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`${id}: POST /payments answered ${response.status}`);
  return performance.now() - started;
}

const samples = Object.fromEntries(Object.keys(adapters).map((id) => [id, []]));
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < perRound; i++) {
    // Interleaved: each provider in turn, so machine noise falls on all of them alike.
    for (const id of Object.keys(adapters)) samples[id].push(await onePayment(id));
  }
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const baseline = quantile(samples.daraja, 0.5);
console.log(`initiate latency through the kit, ${rounds} x ${perRound} payments each, loopback`);
console.log('provider       median ms   p95 ms   median vs Daraja');
for (const [id, values] of Object.entries(samples)) {
  const median = quantile(values, 0.5);
  console.log(
    `${id.padEnd(14)} ${median.toFixed(2).padStart(9)} ${quantile(values, 0.95).toFixed(2).padStart(8)}   ${(median / baseline).toFixed(2)}x`,
  );
}

for (const { lipwa, server } of Object.values(kits)) {
  await lipwa.close();
  server.closeAllConnections();
  server.close();
}
await simulator.close();
