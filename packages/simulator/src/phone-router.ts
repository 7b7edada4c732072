/**
 * The virtual phone: `GET /phone` lists pending prompts from every provider; a PIN approves
 * (0000 is the wrong PIN), Cancel cancels; each provider says the outcome in its own codes.
 * Answers JSON to fetch and redirects plain form posts back.
 */
import { ValidationError } from '@lipwa/core';
import express, { type Request, type Response, type Router } from 'express';
import { asyncHandler } from './async-handler.js';
import type { C2bPayment, C2bVerdict } from './daraja/c2b-engine.js';
import type { SimulatorControl } from './engine.js';
import type { Outcome } from './outcomes.js';
import { phoneScript, phoneStyles } from './phone-assets.js';
import { renderPhonePage } from './phone-page.js';
import { PAYBILL_WRONG_PIN, parsePaybillForm } from './phone-paybill.js';
import { problemHandler } from './problem-handler.js';

const WRONG_PIN = '0000';
const csp =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const outcomeMessages: Readonly<Partial<Record<Outcome, string>>> = {
  paid: 'Payment sent. The merchant receives the callback.',
  wrong_pin: 'Wrong PIN. The payment failed.',
  cancelled: 'Cancelled. The merchant hears that the customer cancelled.',
};

function phoneOf(control: SimulatorControl, id: string): string | undefined {
  return control.prompts().find((prompt) => prompt.id === id)?.phone;
}

async function answer(
  req: Request,
  res: Response,
  control: SimulatorControl,
  outcome: Outcome,
): Promise<void> {
  const id = String(req.params.id);
  const prompt = control.prompts().find((candidate) => candidate.id === id);
  const phone = phoneOf(control, id);
  await control.answer(id, outcome);
  const message = outcomeMessages[outcome] ?? outcome;
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({ message, outcome, provider: prompt?.provider });
    return;
  }
  const query = new URLSearchParams({ ...(phone ? { msisdn: phone } : {}), notice: message });
  res.redirect(303, `/phone?${query}`);
}

/** Pays the business number now (Daraja's C2B engine, or a payment-apps paybill app). */
export type PayBill = (payment: C2bPayment) => Promise<C2bVerdict>;

const paybillMessages: Readonly<Record<C2bVerdict | 'wrong_pin', string>> = {
  accepted: 'Paybill payment sent. The merchant receives the confirmation.',
  rejected:
    'The merchant refused this payment (unknown account or wrong amount). No money was taken.',
  'not-sent': 'No merchant is registered for this business number. No money was taken.',
  wrong_pin: 'Wrong PIN. Nothing was paid.',
};

export function phoneRouter(control: SimulatorControl, payBill?: PayBill): Router {
  const router = express.Router();
  // Body parsers only on the phone's own posts, so Daraja's raw bodies are never consumed here.
  const forms = [
    express.urlencoded({ extended: false, limit: '4kb' }),
    express.json({ limit: '4kb' }),
  ];

  router.get('/', (_req, res) => res.redirect(302, '/phone'));
  router.get('/phone', (req, res) => {
    const msisdn = typeof req.query.msisdn === 'string' ? req.query.msisdn : undefined;
    const notice =
      typeof req.query.notice === 'string' ? req.query.notice.slice(0, 200) : undefined;
    const prompts = control.prompts().filter((prompt) => !msisdn || prompt.phone === msisdn);
    res
      .set('content-security-policy', csp)
      .set('cache-control', 'no-store')
      .type('html')
      .send(renderPhonePage(prompts, msisdn, notice));
  });
  router.get('/phone.js', (_req, res) => {
    res.type('text/javascript').set('cache-control', 'no-cache').send(phoneScript);
  });
  router.get('/phone.css', (_req, res) => {
    res.type('text/css').set('cache-control', 'no-cache').send(phoneStyles);
  });

  router.post(
    '/phone/prompts/:id/pin',
    ...forms,
    asyncHandler(async (req, res) => {
      const pin = (req.body as { pin?: unknown } | undefined)?.pin;
      if (typeof pin !== 'string' || !/^\d{4}$/.test(pin)) {
        throw new ValidationError('invalid_field', 'The M-Pesa PIN is exactly four digits.', {
          details: { field: 'pin' },
        });
      }
      await answer(req, res, control, pin === WRONG_PIN ? 'wrong_pin' : 'paid');
    }),
  );
  router.post(
    '/phone/prompts/:id/cancel',
    ...forms,
    asyncHandler(async (req, res) => {
      await answer(req, res, control, 'cancelled');
    }),
  );
  if (payBill) {
    router.post(
      '/phone/paybill',
      ...forms,
      asyncHandler(async (req, res) => {
        const { payment, pin } = parsePaybillForm(req.body);
        const verdict = pin === PAYBILL_WRONG_PIN ? 'wrong_pin' : await payBill(payment);
        const message = paybillMessages[verdict];
        if (req.accepts(['html', 'json']) === 'json') {
          res.json({ message, verdict });
          return;
        }
        res.redirect(
          303,
          `/phone?${new URLSearchParams({ msisdn: payment.phone, notice: message })}`,
        );
      }),
    );
  }
  router.use('/phone', problemHandler);
  return router;
}
