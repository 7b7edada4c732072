/**
 * The baselines, doing the same I/O as the kit with nothing else: bare Express 5 routes (a JSON
 * answer of the kit's size, a callback parsed with express.text + JSON.parse that writes the new
 * status to the SSE responses held for its payment, and with a simulator an initiation that makes
 * the one provider call the kit makes) and raw `node:http` SSE responses.
 */
import { createServer } from 'node:http';
import express from 'express';
import { providerFor } from './kit-target.mjs';

const view = (id, status) => ({
  payment: {
    id,
    status,
    amount: { amount: 150000, currency: 'KES' },
    reference: 'ORDER-1',
    provider: 'scripted',
    phone: '2547•••••149',
    createdAt: '2026-12-01T07:00:00.000Z',
    updatedAt: '2026-12-01T07:00:00.000Z',
  },
});

const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  connection: 'keep-alive',
};

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * `POST /lipwa/payments`: express.json, then the Daraja adapter's `initiate` against the simulator
 * (one loopback HTTP call; its OAuth token is fetched once here, before the row), and the answer.
 */
async function initiateRoute(app, simulatorUrl, port) {
  const provider = await providerFor({ provider: 'daraja', simulatorUrl });
  let next = 0;
  const initiate = (phone) => {
    next += 1;
    const id = `pay_${next}`;
    return provider
      .initiate({
        paymentId: id,
        amount: { amount: 150000, currency: 'KES' },
        phone,
        reference: `INIT-${next}`,
        callbackUrl: `http://127.0.0.1:${port()}/lipwa/callbacks/daraja/${id}`,
      })
      .then((result) => ({ id, status: 'pending', providerRef: result.providerRef }));
  };
  app.post('/lipwa/payments', express.json(), async (req, res) => {
    try {
      res.status(201).json({ payment: await initiate(req.body.phone) });
    } catch {
      res.status(502).json({ code: 'provider_unavailable' });
    }
  });
  return initiate;
}

export async function bareExpress(payments, simulatorUrl) {
  const app = express();
  let port = 0;
  const warmUp = simulatorUrl ? await initiateRoute(app, simulatorUrl, () => port) : undefined;
  const statuses = new Map();
  const streams = new Map();
  const statusOf = (id) => statuses.get(id) ?? 'pending';
  app.get('/lipwa/payments/:id', (req, res) =>
    res.json(view(req.params.id, statusOf(req.params.id))),
  );
  app.get('/lipwa/session', (_req, res) => res.json(view('pay_1', 'pending')));
  app.get('/lipwa/payments/:id/events', (req, res) => {
    const { id } = req.params;
    res.writeHead(200, sseHeaders);
    res.write(`data: ${JSON.stringify(view(id, statusOf(id)).payment)}\n\n`);
    const held = streams.get(id) ?? new Set();
    held.add(res);
    streams.set(id, held);
    req.on('close', () => held.delete(res));
  });
  app.post('/lipwa/callbacks/scripted/:token', express.text({ type: '*/*' }), (req, res) => {
    const update = JSON.parse(req.body).updates[0];
    const id = req.params.token;
    statuses.set(id, update.status);
    const data = `data: ${JSON.stringify(view(id, update.status).payment)}\n\n`;
    for (const stream of streams.get(id) ?? []) stream.write(data);
    res.json({ ok: true });
  });
  const server = await listen(createServer(app));
  port = server.address().port;
  await warmUp?.('254722999999');
  const ids = Array.from({ length: Math.max(1, payments) }, (_, i) => `pay_${i}`);
  return {
    port,
    tokens: ids.map(() => 'x'),
    paymentIds: ids,
    callbackPaths: ids.map((id) => `/lipwa/callbacks/scripted/${id}`),
    refs: ids.map((id) => id),
  };
}

/** Answers every request with SSE headers and one event, and holds it open. */
export async function rawSse() {
  const server = createServer((_req, res) => {
    res.writeHead(200, sseHeaders);
    res.write(`data: ${JSON.stringify(view('pay_1', 'pending').payment)}\n\n`);
  });
  await listen(server);
  return { port: server.address().port };
}
