/**
 * The virtual phone: `GET /phone` lists pending prompts; a PIN approves (0000 is the wrong PIN,
 * 2001), Cancel answers 1032. Answers JSON to fetch and redirects plain form posts back.
 */
import { ValidationError } from '@lipwa/core';
import express, { type Request, type Response, type Router } from 'express';
import { asyncHandler } from './async-handler.js';
import type { Settlement, SimulatorControl } from './engine.js';
import { phoneScript, phoneStyles } from './phone-assets.js';
import { renderPhonePage } from './phone-page.js';
import { problemHandler } from './problem-handler.js';

const WRONG_PIN = '0000';
const csp =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const outcomeMessages: Readonly<Record<number, string>> = {
  0: 'Payment sent. The merchant receives the callback.',
  2001: 'Wrong PIN. The payment failed (2001).',
  1032: 'Cancelled. The merchant hears 1032.',
};

function phoneOf(control: SimulatorControl, id: string): string | undefined {
  return control.prompts().find((prompt) => prompt.checkoutRequestId === id)?.phone;
}

function reply(
  req: Request,
  res: Response,
  settlement: Settlement,
  phone: string | undefined,
): void {
  const message = outcomeMessages[settlement.resultCode] ?? settlement.resultDesc;
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({ message, settlement });
    return;
  }
  const query = new URLSearchParams({ ...(phone ? { msisdn: phone } : {}), notice: message });
  res.redirect(303, `/phone?${query}`);
}

export function phoneRouter(control: SimulatorControl): Router {
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
      const id = String(req.params.id);
      const pin = (req.body as { pin?: unknown } | undefined)?.pin;
      if (typeof pin !== 'string' || !/^\d{4}$/.test(pin)) {
        throw new ValidationError('invalid_field', 'The M-Pesa PIN is exactly four digits.', {
          details: { field: 'pin' },
        });
      }
      const phone = phoneOf(control, id);
      const settlement = await control.resolve(id, { resultCode: pin === WRONG_PIN ? 2001 : 0 });
      reply(req, res, settlement, phone);
    }),
  );
  router.post(
    '/phone/prompts/:id/cancel',
    ...forms,
    asyncHandler(async (req, res) => {
      const id = String(req.params.id);
      const phone = phoneOf(control, id);
      reply(req, res, await control.resolve(id, { resultCode: 1032 }), phone);
    }),
  );
  router.use('/phone', problemHandler);
  return router;
}
