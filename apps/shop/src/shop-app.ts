/**
 * The merchant's Express app: a catalogue, a checkout page that embeds <lipwa-checkout> with a
 * session the server created, an order page, and the Lipwa kit mounted at /lipwa.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lipwa } from '@lipwa/server';
import express from 'express';
import { catalogue, findProduct } from './catalogue.js';
import type { OrderBook } from './orders.js';
import { cataloguePage, checkoutPage, notFoundPage, orderPage, parseLanguage } from './pages.js';
import { webhookReceiver } from './webhook-receiver.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const publicDir = path.resolve(here, '../public');
const widgetBundle = createRequire(import.meta.url).resolve('@lipwa/checkout/lipwa.js');

// The strict policy the widget is built to live under: no inline script, no inline style, no eval.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export function createShopApp({
  lipwa,
  orders,
  webhookSecret,
  log = () => undefined,
  paybill,
}: {
  lipwa: Lipwa;
  orders: OrderBook;
  /** When set, `POST /webhooks/lipwa` takes the kit's signed webhooks (see webhook-receiver.ts). */
  webhookSecret?: string | undefined;
  log?: (line: string) => void;
  /** The shop's Paybill number, shown in the widget's "Didn't get the prompt?" help. */
  paybill?: string | undefined;
}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  if (webhookSecret) app.use(webhookReceiver({ secret: webhookSecret, orders, log }));
  app.use('/lipwa', lipwa.router());
  app.get('/assets/lipwa.js', (_req, res) => res.sendFile(widgetBundle));
  // The parts lipwa.js loads on demand (a language's texts, the after-"Pay" code), beside it.
  app.use(
    '/assets/lipwa-parts',
    express.static(path.join(path.dirname(widgetBundle), 'lipwa-parts')),
  );
  app.use('/assets', express.static(publicDir, { fallthrough: false }));

  // No icon, but no 404 in every visitor's console either.
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });

  // The catalogue for SPAs (apps/spa): names and prices for display; sessions still price on the server.
  app.get('/api/products', (_req, res) => {
    res.json({ products: catalogue });
  });

  app.get('/', (req, res) => {
    res.type('html').send(cataloguePage(catalogue, parseLanguage(req.query.lang)));
  });

  // The browser names a product; the server decides the price and binds it into the session.
  // Post/redirect/get: a reload shows the same order and session instead of opening another.
  app.post(
    '/checkout',
    express.urlencoded({ extended: false, limit: '2kb' }),
    async (req, res, next) => {
      try {
        const product = findProduct(req.body?.product);
        if (!product) {
          res.status(404).type('html').send(notFoundPage());
          return;
        }
        const order = await orders.open(product);
        const lang = parseLanguage(req.body?.lang);
        res.redirect(
          303,
          `/checkout/${encodeURIComponent(order.reference)}${lang ? `?lang=${lang}` : ''}`,
        );
      } catch (error) {
        next(error);
      }
    },
  );

  app.get('/checkout/:reference', async (req, res, next) => {
    try {
      const order = await orders.get(req.params.reference);
      if (!order) {
        res.status(404).type('html').send(notFoundPage());
        return;
      }
      let checkout = orders.checkout(order.reference);
      if (!checkout || checkout.expiresAt <= Date.now()) {
        const { token, session } = await lipwa.sessions.create({
          amount: order.product.price,
          currency: 'KES',
          reference: order.reference,
          description: order.product.name,
        });
        checkout = { token, expiresAt: Date.parse(session.expiresAt) };
        orders.setCheckout(order.reference, checkout);
      }
      res.setHeader('Cache-Control', 'no-store');
      res
        .type('html')
        .send(checkoutPage(order, checkout.token, parseLanguage(req.query.lang), paybill));
    } catch (error) {
      next(error);
    }
  });

  app.get('/orders/:reference', async (req, res, next) => {
    try {
      const order = await orders.get(req.params.reference);
      if (!order) {
        res.status(404).type('html').send(notFoundPage());
        return;
      }
      // Another instance may mark it paid at any moment: never a cached copy.
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(orderPage(order, { webhooks: webhookSecret !== undefined }));
    } catch (error) {
      next(error);
    }
  });

  app.use((_req, res) => {
    res.status(404).type('html').send(notFoundPage());
  });

  // Express's own handler prints the stack and file paths outside production: never show them,
  // in any mode. Body-parser and decoding errors keep their 4xx status; the rest are 500.
  const errors: express.ErrorRequestHandler = (error, _req, res, _next) => {
    const status = (error as { status?: unknown }).status;
    const code = typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
    if (code === 500) console.error('Shop error:', (error as Error)?.message ?? 'unknown');
    if (res.headersSent) {
      res.end();
      return;
    }
    res
      .status(code)
      .type('text/plain')
      .send(
        code === 500
          ? 'Something went wrong. Please try again.'
          : code === 404
            ? 'Not found.'
            : 'Bad request.',
      );
  };
  app.use(errors);

  return app;
}
