/**
 * The baselines, doing the same I/O as the kit with nothing else: bare Express 5 routes (a JSON
 * answer of the kit's size, a callback parsed with express.text + JSON.parse that writes the new
 * status to the SSE responses held for its payment) and raw `node:http` SSE responses.
 */
import { createServer } from 'node:http';
import express from 'express';

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

export async function bareExpress(payments) {
  const app = express();
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
  const ids = Array.from({ length: Math.max(1, payments) }, (_, i) => `pay_${i}`);
  return {
    port: server.address().port,
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
