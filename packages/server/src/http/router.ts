/**
 * The Express router the merchant mounts (`app.use('/lipwa', lipwa.router())`). Thin: it reads
 * HTTP, calls the kit, and answers; every error goes through `toProblem`.
 */

import type { CreateSessionInput } from '@lipwa/core';
import {
  type CheckoutSession,
  IDEMPOTENCY_HEADER,
  LipwaError,
  type PaymentMethod,
  type PaymentView,
  type SessionView,
} from '@lipwa/core';
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import type { Logger } from '../logger.js';
import type { ManualPaymentHandlers } from '../paybill/manual-payments.js';
import type { CallbackHandlers } from '../payments/callback-handler.js';
import type { StartContext, StartResult } from '../payments/payment-starter.js';
import { toPaymentView } from '../payments/payment-view.js';
import { createRefusalLog } from '../payments/refusal-log.js';
import type { Payouts } from '../payouts/payouts.js';
import type { Refunds } from '../refunds/refunds.js';
import type { PaymentRecord } from '../stores/payment-record.js';
import { browserAnswers } from './cors.js';
import { toProblem } from './problem.js';
import type { RequestScope } from './request-limits.js';
import { bearer, callbackRequest, malformedPath, safePath } from './request-reading.js';
import { type HstsSettings, securityHeaders } from './security-headers.js';
import { sendJson } from './send-json.js';
import { streamPayment } from './sse-stream.js';
import { createStreamCaps, type StreamCapSettings } from './stream-caps.js';

export interface RouterDeps {
  readonly allowedOrigins: ReadonlySet<string>;
  /** `Strict-Transport-Security` settings, or false for none (other security headers always). */
  readonly hsts?: HstsSettings | false | undefined;
  readonly logger: Logger;
  readonly pingIntervalMs: number;
  /** The kit's clock, so a status stream ends when its session does. */
  readonly now?: (() => number) | undefined;
  readonly resolveSession?:
    | ((req: Request) => CreateSessionInput | Promise<CreateSessionInput>)
    | undefined;
  createSession(input: CreateSessionInput): Promise<{ token: string; session: CheckoutSession }>;
  readSession(token: string, origin?: string): Promise<CheckoutSession>;
  /** The methods a session offers, for the widget's picker. */
  methodsOf(session: CheckoutSession): PaymentMethod[];
  startPayment(token: string, body: unknown, context: StartContext): Promise<StartResult>;
  getPayment(id: string): Promise<PaymentRecord | undefined>;
  latestForReference(reference: string): Promise<PaymentRecord | undefined>;
  subscribe(paymentId: string, listener: (view: PaymentView) => void): () => void;
  callbacks: CallbackHandlers;
  /** Paybill/Till payments: `POST /c2b/:provider/validation|confirmation/:token`. */
  manualPayments?: ManualPaymentHandlers | undefined;
  /** Refund results: `POST /refunds/:provider/:paymentId/:token`. */
  refunds?: Pick<Refunds, 'result'> | undefined;
  /** Payout results: `POST /payouts/:provider/:payoutId/:token`. */
  payouts?: Pick<Payouts, 'result'> | undefined;
  /** Keeps track of open streams so `close()` can end them. */
  trackStream(end: () => void): () => void;
  /** Caps on open status streams (defaults in `stream-caps.ts`). */
  readonly streamCaps?: StreamCapSettings | undefined;
  /** Per-client limits on bulk-callable routes (none when absent). */
  readonly limitRequests?: ((scope: RequestScope) => RequestHandler) | undefined;
}

const CALLBACK_BODY_LIMIT = '64kb';
const JSON_BODY_LIMIT = '8kb';

// A factory closure over its dependencies, longer than ~60 lines only because it holds the
// named steps below (each short); read them one at a time.
export function createRouter(deps: RouterDeps): Router {
  const router = express.Router();
  const streamCaps = createStreamCaps(deps.streamCaps);
  const pass: RequestHandler = (_req, _res, next) => next();
  const limited = (scope: RequestScope) => deps.limitRequests?.(scope) ?? pass;
  router.use(securityHeaders(deps.hsts ?? false));

  // A payment for another order is reported as missing: ids are not a way to probe. Any
  // session for the same reference may follow it (one reference is one payable thing).
  const notThisCheckouts = () =>
    new LipwaError('payment_not_found', 'No payment with this id belongs to this checkout.');

  async function ownedPayment(req: Request): Promise<PaymentRecord> {
    const session = await deps.readSession(bearer(req), req.get('origin'));
    const id = req.params.id;
    const record = typeof id === 'string' ? await deps.getPayment(id) : undefined;
    if (!record || record.reference !== session.reference) throw notThisCheckouts();
    return record;
  }

  // Callbacks come from the provider's servers, not browsers: no CORS, raw body for signatures.
  const rawBody = express.text({ type: '*/*', limit: CALLBACK_BODY_LIMIT });
  const answer = (res: Response, reply: { status: number; body: unknown }) => {
    res.status(reply.status);
    if (typeof reply.body === 'string') res.type('text/plain').send(reply.body);
    else sendJson(res, reply.status, reply.body);
  };
  router.post('/callbacks/:provider/:token', rawBody, async (req, res) => {
    const reply = await deps.callbacks.perPayment(
      req.params.provider ?? '',
      req.params.token ?? '',
      callbackRequest(req),
    );
    answer(res, reply);
  });
  router.post('/callbacks/:provider', rawBody, async (req, res) => {
    answer(res, await deps.callbacks.fixed(req.params.provider ?? '', callbackRequest(req)));
  });

  const manual = deps.manualPayments;
  if (manual) {
    const c2b = async (req: Request, res: Response) => {
      const { provider = '', step, token = '' } = req.params as Record<string, string | undefined>;
      if (step !== 'validation' && step !== 'confirmation') {
        throw new LipwaError('not_found', 'C2B routes end in /validation or /confirmation.');
      }
      answer(res, await manual[step](provider, token, callbackRequest(req)));
    };
    // Signed providers (the gateway) need no token in the URL; Daraja's proof is the token.
    router.post('/c2b/:provider/:step', rawBody, c2b);
    router.post('/c2b/:provider/:step/:token', rawBody, c2b);
  }

  const refunds = deps.refunds;
  if (refunds) {
    router.post('/refunds/:provider/:paymentId/:token', rawBody, async (req, res) => {
      const { provider = '', paymentId = '', token = '' } = req.params;
      answer(res, await refunds.result(provider, paymentId, token, callbackRequest(req)));
    });
  }

  const payouts = deps.payouts;
  if (payouts) {
    router.post('/payouts/:provider/:payoutId/:token', rawBody, async (req, res) => {
      const { provider = '', payoutId = '', token = '' } = req.params;
      answer(res, await payouts.result(provider, payoutId, token, callbackRequest(req)));
    });
  }

  // CORS and `Cache-Control: no-store` for everything below: browser answers only.
  router.use(browserAnswers(deps.allowedOrigins));

  router.post(
    '/sessions',
    limited('session_create'),
    express.json({ limit: JSON_BODY_LIMIT }),
    express.urlencoded({ extended: false, limit: JSON_BODY_LIMIT }),
    async (req, res) => {
      if (!deps.resolveSession) {
        throw new LipwaError(
          'not_found',
          'POST /sessions is not enabled: pass resolveSession to createLipwa, or create sessions on your server with lipwa.sessions.create().',
        );
      }
      const input = await deps.resolveSession(req);
      const created = await deps.createSession(input);
      sendJson(res, 201, created);
    },
  );

  router.get('/session', limited('status_read'), async (req, res) => {
    const session = await deps.readSession(bearer(req), req.get('origin'));
    const latest = await deps.latestForReference(session.reference);
    const { allowedOrigin: _bound, ...visible } = session;
    const body: SessionView = {
      session: visible,
      methods: deps.methodsOf(session),
      payment: latest ? toPaymentView(latest) : null,
    };
    sendJson(res, 200, body);
  });

  router.post('/payments', express.json({ limit: JSON_BODY_LIMIT }), async (req, res) => {
    const key = req.get(IDEMPOTENCY_HEADER);
    const result = await deps.startPayment(bearer(req), req.body, {
      origin: req.get('origin'),
      clientIp: req.ip,
      idempotencyKey: key === undefined || key === '' ? undefined : key.slice(0, 200),
    });
    sendJson(res, result.created ? 201 : 200, { payment: result.payment });
  });

  router.get('/payments/:id', limited('status_read'), async (req, res) => {
    const record = await ownedPayment(req);
    sendJson(res, 200, { payment: toPaymentView(record) });
  });

  // An open stream keeps only the payment's id, its checkout's reference, its session's end and
  // the cap's release (not the records read to authorize it): memory per open stream, issue 10.
  // The payment is read once, after subscribing, and checked before any header is written.
  async function follow(
    res: Response,
    paymentId: string,
    session: { reference: string; endsAtMs: number },
    release: () => void,
  ): Promise<void> {
    let untrack = (): void => {};
    const { reference, endsAtMs } = session;
    const end = await streamPayment({
      res,
      subscribe: (listener) => deps.subscribe(paymentId, listener),
      current: async () => {
        const record = await deps.getPayment(paymentId);
        if (!record || record.reference !== reference) throw notThisCheckouts();
        return toPaymentView(record);
      },
      pingIntervalMs: deps.pingIntervalMs,
      ...(deps.now ? { endsAt: { ms: endsAtMs, now: deps.now } } : {}),
      onEnd: () => {
        untrack();
        release();
      },
    });
    if (!res.writableEnded) untrack = deps.trackStream(end);
  }

  router.get('/payments/:id/events', limited('status_read'), async (req, res) => {
    const token = bearer(req);
    const session = await deps.readSession(token, req.get('origin'));
    const release = streamCaps.open(token, req.ip);
    const id = req.params.id;
    await follow(
      res,
      typeof id === 'string' ? id : '',
      { reference: session.reference, endsAtMs: Date.parse(session.expiresAt) },
      release,
    );
    // Answered, and it never passes on: let go of the routers' chain of `next` closures, which
    // `req.next` would otherwise hold for as long as the stream is open.
    req.next = undefined;
  });

  router.use((req, _res, next) => {
    next(new LipwaError('not_found', `No Lipwa route for ${req.method} ${safePath(req)}.`));
  });

  // A flood of 429s is one line per limit per minute, the next carrying how many were left out.
  const limitHits = createRefusalLog(deps.logger, { now: deps.now ?? Date.now });
  const problems: ErrorRequestHandler = (raw, req, res, _next) => {
    const problem = toProblem(malformedPath(raw) ?? raw);
    if (problem.status === 429) {
      const limit = typeof problem.body.limit === 'string' ? problem.body.limit : problem.body.code;
      limitHits(`Requests refused by the ${limit} limit`, { limit, method: req.method });
    }
    if (problem.unexpected) {
      deps.logger.error(
        {
          method: req.method,
          path: safePath(req),
          error: raw,
        },
        'Unexpected error in the Lipwa router',
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(problem.status).set(problem.headers).send(JSON.stringify(problem.body));
  };
  router.use(problems);

  return router;
}
