/**
 * Proof under abuse (issue 8): forged callbacks. 10,000 forgeries, 2,000 on each of the five
 * providers' callback routes, made from genuine callbacks the simulator sent (intercepted
 * before the kit saw them, so their payments are still pending): guessed, altered and
 * borrowed tokens on the per-payment routes; a bit flipped in the signature or the body, the
 * amount changed, the JSON re-serialised, the signature left out on the signed ones; for
 * CashPay, which signs nothing and is asked about the charge, a leaked token naming a charge it
 * does not have. The figures: 0 payments paid, 0 merchant events (hooks and webhook outbox),
 * and the log lines they cost (refusals are logged in aggregate). Then each genuine callback,
 * untouched, is accepted and pays its payment: the forgeries were refused for what they
 * changed, not because the routes were dead.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderAdapter } from '@lipwa/core';
import { cashfin, cashpay, daraja, paymentApps, paymentGateway } from '@lipwa/providers';
import { type RunningSimulator, startSimulator } from '@lipwa/simulator';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { servedKit } from '../paybill/test-served-kit.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { inParallel, plainClient, tally } from '../testing/test-bounded.js';
import {
  flipOneBit,
  guessedToken,
  reserialise,
  seededRandom,
  wrongAmount,
} from '../testing/test-forgeries.js';
import { SHOP_ORIGIN } from '../testing/test-harness.js';
import { WEBHOOK_EVENT_TYPES } from '../webhooks/webhook-delivery.js';

const PER_PROVIDER = 2_000;
const SETTLES_PAID = '254711000000'; // the simulator's magic number for a completed payment
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A callback as it came over the wire. */
interface Wire {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly rawBody: string;
}

const SIGNATURE_HEADERS = ['x-cashfin-signature', 'x-salami-signature'];

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (['host', 'content-length', 'connection'].includes(name) || value === undefined) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/** The signature a forger would tamper with: a header, or (the gateway) a field of the body. */
function withFlippedSignature(wire: Wire, random: () => number): Wire {
  const header = SIGNATURE_HEADERS.find((name) => wire.headers[name] !== undefined);
  if (header) {
    return {
      ...wire,
      headers: { ...wire.headers, [header]: flipOneBit(wire.headers[header] ?? '', random) },
    };
  }
  const body = JSON.parse(wire.rawBody) as Record<string, unknown>;
  const field = Object.keys(body).find((key) => /sign/i.test(key));
  if (!field) throw new Error(`no signature to tamper with in ${wire.path}`);
  body[field] = flipOneBit(String(body[field]), random);
  return { ...wire, rawBody: JSON.stringify(body) };
}

function withoutSignature(wire: Wire): Wire {
  const headers = { ...wire.headers };
  for (const name of SIGNATURE_HEADERS) delete headers[name];
  const body = JSON.parse(wire.rawBody) as Record<string, unknown>;
  for (const key of Object.keys(body)) if (/sign/i.test(key)) delete body[key];
  return { ...wire, headers, rawBody: JSON.stringify(body) };
}

/** The per-payment route with another token in place of the genuine one. */
function onToken(wire: Wire, token: string): Wire {
  return { ...wire, path: wire.path.replace(/[^/]+$/, token) };
}
const tokenOf = (wire: Wire) => wire.path.split('/').at(-1) ?? '';

type Forgery = (genuine: Wire, random: () => number) => Wire;

/** Per provider, the forgeries of each kind (each used in turn). */
function forgeriesFor(provider: string, genuine: Record<string, Wire>): Record<string, Forgery> {
  const borrowed =
    (from: string): Forgery =>
    (wire) =>
      onToken(wire, tokenOf(genuine[from] as Wire));
  const signed: Record<string, Forgery> = {
    'flipped signature bit': withFlippedSignature,
    'flipped body bit': (wire, random) => ({ ...wire, rawBody: flipOneBit(wire.rawBody, random) }),
    'wrong amount': (wire) => ({ ...wire, rawBody: wrongAmount(wire.rawBody) }),
    're-serialised JSON': (wire) => ({ ...wire, rawBody: reserialise(wire.rawBody) }),
    'no signature': withoutSignature,
  };
  const tokens: Record<string, Forgery> = {
    'guessed token': (wire, random) => onToken(wire, guessedToken(random)),
    'flipped token bit': (wire, random) => onToken(wire, flipOneBit(tokenOf(wire), random)),
  };
  switch (provider) {
    case 'daraja': // signs nothing: the URL's token is the proof
      return {
        ...tokens,
        "the gateway's token": borrowed('gateway'),
        'wrong amount, guessed token': (wire, random) =>
          onToken({ ...wire, rawBody: wrongAmount(wire.rawBody) }, guessedToken(random)),
        're-serialised, guessed token': (wire, random) =>
          onToken({ ...wire, rawBody: reserialise(wire.rawBody) }, guessedToken(random)),
      };
    case 'cashpay': // signs nothing; the kit asks CashPay about the charge the body names
      return {
        ...tokens,
        "Daraja's token": borrowed('daraja'),
        'leaked token, unknown charge': (wire, random) => ({
          ...wire,
          rawBody: JSON.stringify({ id: `chg_${guessedToken(random).slice(0, 10)}` }),
        }),
      };
    case 'gateway': {
      // Token and signature; its callback names an order and no amount (the status query is
      // the verdict), so the amount forgery becomes another order's id.
      const { 'wrong amount': _none, ...gatewaySigned } = signed;
      return {
        ...tokens,
        "Daraja's token": borrowed('daraja'),
        ...gatewaySigned,
        'another order id': (wire, random) => {
          const body = JSON.parse(wire.rawBody) as Record<string, unknown>;
          body.order_id = `pay_${guessedToken(random).slice(0, 32)}`;
          return { ...wire, rawBody: JSON.stringify(body) };
        },
      };
    }
    default: // cashfin, payment-apps: one route, signed
      return signed;
  }
}

let simulator: RunningSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

describe('10,000 forged callbacks across the five providers', () => {
  it('pay nothing, raise no merchant event, and cost a bounded number of log lines', async () => {
    const sim = await startSimulator({ cashpayCurrency: 'KES' });
    simulator = sim;
    const intercepted: Wire[] = [];
    let intercepting = true;
    const cashpayCallbackUrls: string[] = [];
    const plainCashpay = cashpay({ ...sim.cashpay });
    const providers: ProviderAdapter[] = [
      daraja({ ...sim.daraja }),
      {
        ...plainCashpay,
        initiate: (input) => {
          cashpayCallbackUrls.push(input.callbackUrl);
          return plainCashpay.initiate(input);
        },
      },
      paymentGateway({ ...sim.gateway }),
      cashfin({ ...sim.cashfin }),
      paymentApps({ ...sim.paymentApps }),
    ];
    const ids = providers.map((provider) => provider.id);
    const store = createMemoryStore(); // has the webhook outbox
    const kit = await servedKit(
      {
        providers,
        store,
        // Five payments from one test phone: not what this proof is about.
        rateLimit: { maxPerPhone: 100, phoneWindows: [{ max: 100, windowMs: 600_000 }] },
        webhooks: {
          endpoints: [
            {
              id: 'shop',
              url: 'https://shop.example/webhooks',
              secrets: [WEBHOOK_SECRET],
              events: [...WEBHOOK_EVENT_TYPES],
            },
          ],
          fetch: async () => new Response(null, { status: 204 }),
        },
      },
      // The genuine callbacks are kept from the kit until the forgeries have had their turn.
      (app) =>
        app.use('/lipwa/callbacks', (req, res, next) => {
          if (!intercepting) return next();
          express.text({ type: '*/*' })(req, res, () => {
            intercepted.push({
              path: req.originalUrl,
              headers: forwardable(req.headers),
              rawBody: String(req.body),
            });
            res.status(200).json({});
          });
        }),
    );
    const http = plainClient();
    try {
      const origin = new URL(kit.url).origin;
      sim.control.setWebhookUrl('cashfin', `${kit.url}/callbacks/cashfin`);
      sim.control.setWebhookUrl('payment-apps', `${kit.url}/callbacks/payment-apps`);
      const paymentIds: Record<string, string> = {};
      for (const method of ids) {
        const token = await kit.session({
          reference: `F-${method.slice(0, 8)}`,
          methods: [method],
        });
        const { payment } = await kit.startPayment(
          token,
          method === 'cashpay'
            ? { method, returnUrl: `${SHOP_ORIGIN}/thanks` }
            : { method, phone: SETTLES_PAID },
          { origin: SHOP_ORIGIN },
        );
        paymentIds[method] = payment.id;
      }
      await sim.control.advance(0);
      await sim.control.idle();
      intercepting = false;

      // The last genuine callback each provider sent; CashPay's is the charge its webhook names.
      const genuine: Record<string, Wire> = {};
      for (const wire of intercepted) genuine[wire.path.split('/')[3] ?? ''] = wire;
      const charge = (await kit.store.get(paymentIds.cashpay ?? ''))?.providerRef ?? '';
      genuine.cashpay = {
        path: new URL(cashpayCallbackUrls[0] ?? '').pathname,
        headers: { 'content-type': 'application/json' },
        rawBody: JSON.stringify({ id: charge }),
      };
      expect(Object.keys(genuine).sort()).toEqual([...ids].sort());

      const random = seededRandom(8);
      const forged = ids.flatMap((provider) => {
        const kinds = Object.entries(forgeriesFor(provider, genuine));
        return Array.from({ length: PER_PROVIDER }, (_, index) => {
          const [kind, forge] = kinds[index % kinds.length] as [string, Forgery];
          return { provider, kind, wire: forge(genuine[provider] as Wire, random) };
        });
      });
      const logLinesBefore = kit.logger.entries.length;
      const answers = await inParallel(forged.length, 16, async (index) => {
        const { provider, kind, wire } = forged[index] as (typeof forged)[number];
        const answer = await http.request(`${origin}${wire.path}`, {
          method: 'POST',
          headers: wire.headers,
          body: wire.rawBody,
        });
        return `${provider} ${kind}: ${answer.status}`;
      });
      const logLines = kit.logger.entries.length - logLinesBefore;
      const statuses = await Promise.all(
        ids.map(async (id) => (await kit.store.get(paymentIds[id] ?? ''))?.status),
      );
      const deliveries = await store.listDeliveries({ limit: 1_000 });
      const byKind = tally(answers);
      console.log(
        `forged-callbacks: ${forged.length} forgeries over ${ids.length} providers: ${statuses.filter((status) => status === 'completed').length} paid (statuses ${JSON.stringify(tally(statuses.map(String)))}), ${kit.finals.length + kit.reviews.length} hook events, ${deliveries.length} webhook deliveries, ${logLines} log lines; answers ${JSON.stringify(tally(answers.map((answer) => answer.split(': ')[1] ?? '')))}`,
      );
      console.log(`forged-callbacks by kind: ${JSON.stringify(byKind)}`);

      expect(statuses.every((status) => status === 'pending')).toBe(true);
      expect(kit.finals).toEqual([]);
      expect(kit.reviews).toEqual([]);
      expect(deliveries).toEqual([]);
      expect(answers.every((answer) => /: 4\d\d$/.test(answer))).toBe(true);
      // One line per kind of refusal per minute, not one per forgery.
      expect(logLines).toBeLessThanOrEqual(10);

      // The genuine callbacks, untouched, are accepted and settle their payments.
      const controls = [];
      for (const id of ids) {
        const wire = genuine[id] as Wire;
        const answer = await http.request(`${origin}${wire.path}`, {
          method: 'POST',
          headers: wire.headers,
          body: wire.rawBody,
        });
        controls.push(answer.status);
      }
      const settled = await Promise.all(
        ids.map(async (id) => `${id}: ${(await kit.store.get(paymentIds[id] ?? ''))?.status}`),
      );
      console.log(
        `forged-callbacks control: genuine callbacks answered ${JSON.stringify(controls)}; then ${settled.join(', ')}`,
      );
      expect(controls.every((status) => status === 200)).toBe(true);
      // CashPay's webhook only prompts a look at the charge, which nobody has paid.
      expect(settled).toEqual(
        ids.map((id) => `${id}: ${id === 'cashpay' ? 'pending' : 'completed'}`),
      );
    } finally {
      http.close();
      await kit.close();
    }
  }, 180_000);
});
