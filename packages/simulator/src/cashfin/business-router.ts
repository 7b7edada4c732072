/**
 * Cashfin's documented business endpoints beyond the mobile payment request: invoices (create,
 * list, details, update), subscriptions (create, details), payment links (create, list, details)
 * and the shop order checkout, each behind the client secret and the rate limit, answering in
 * Cashfin's envelopes (`{ success, message, data }`, lists with `meta`). Plus the hosted payment
 * page's "Pay" (`POST /pay/:code`, no client secret: the customer's browser calls it), so
 * invoices and links can actually be paid on the virtual phone.
 */
import type { Request, Response, Router } from 'express';
import type { SimulatorKit } from '../kit.js';
import { createCashfinBusiness } from './business-records.js';
import {
  parseInvoiceCreate,
  parseInvoiceUpdate,
  parseOrderCheckout,
  parsePageQuery,
  parsePaymentLinkCreate,
  parseSubscriptionCreate,
} from './business-requests.js';
import { CashfinHttpError, validationFailed } from './cashfin-error.js';
import { clientSecretAuth, faults, jsonBody } from './cashfin-middleware.js';
import type { CashfinPayments } from './cashfin-payments.js';

/** Where the router is mounted, as the caller reached it: payment-link URLs point back here. */
function origin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

/** A malformed ObjectID is Cashfin's 400, before any lookup. */
function idParam(req: Request): string {
  const id = String(req.params.id ?? '');
  if (!/^[0-9a-f]{24}$/i.test(id)) {
    throw new CashfinHttpError(400, {
      success: false,
      error: 'Invalid id',
      message: 'The id must be a 24-character hexadecimal ObjectID.',
    });
  }
  return id;
}

function created(res: Response, message: string, data: unknown): void {
  res.status(201).json({ success: true, message, data });
}

export function mountCashfinBusiness(
  router: Router,
  kit: SimulatorKit,
  payments: CashfinPayments,
): void {
  const business = createCashfinBusiness(kit, payments);
  kit.onReset(() => business.reset());
  const read = [faults(kit, 'query'), clientSecretAuth];
  const write = [faults(kit, 'api'), clientSecretAuth, ...jsonBody()];

  router.post('/business/invoice/create', ...write, (req, res) => {
    created(
      res,
      'Invoice created successfully',
      business.createInvoice(parseInvoiceCreate(req.body)),
    );
  });
  router.get('/business/invoice/list', ...read, (req, res) => {
    res.json({ success: true, ...business.listInvoices(parsePageQuery(req.query)) });
  });
  router.get('/business/invoice/details/:id', ...read, (req, res) => {
    res.json({ success: true, data: business.invoice(idParam(req)) });
  });
  router.patch('/business/invoice/update/:id', ...write, (req, res) => {
    const id = idParam(req);
    const updated = business.updateInvoice(id, parseInvoiceUpdate(req.body));
    res.json({ success: true, message: 'Invoice updated successfully', data: updated });
  });

  router.post('/business/subscription/create', ...write, (req, res) => {
    created(
      res,
      'Subscription created successfully',
      business.createSubscription(parseSubscriptionCreate(req.body)),
    );
  });
  router.get('/business/subscription/details/:id', ...read, (req, res) => {
    res.json({ success: true, data: business.subscription(idParam(req)) });
  });

  router.post('/business/payment-link/create', ...write, (req, res) => {
    created(
      res,
      'Payment link created successfully',
      business.createPaymentLink(parsePaymentLinkCreate(req.body), origin(req)),
    );
  });
  router.get('/business/payment-link/list', ...read, (req, res) => {
    const { page, limit } = parsePageQuery({ page: req.query.page, limit: req.query.limit });
    res.json({ success: true, ...business.listPaymentLinks({ page, limit }, origin(req)) });
  });
  router.get('/business/payment-link/details/:id', ...read, (req, res) => {
    res.json({ success: true, data: business.paymentLink(idParam(req), origin(req)) });
  });

  router.post(
    '/business/order/checkout',
    faults(kit, 'stkpush'),
    clientSecretAuth,
    ...jsonBody(),
    (req, res) => {
      created(
        res,
        'Order created successfully',
        business.checkoutOrder(parseOrderCheckout(req.body)),
      );
    },
  );

  // The hosted page's form: the customer's phone, and for an invoice optionally a part payment.
  router.post('/pay/:code', ...jsonBody(), (req, res) => {
    const body = req.body as { phone?: unknown; amount?: unknown };
    const phone = typeof body.phone === 'string' ? body.phone : '';
    if (!/^254\d{9}$/.test(phone)) {
      throw validationFailed({ phone: 'Phone must be in the format 254XXXXXXXXX' });
    }
    if (
      body.amount !== undefined &&
      (typeof body.amount !== 'number' || !Number.isInteger(body.amount) || body.amount < 1)
    ) {
      throw validationFailed({ amount: 'Amount must be a whole number of KES' });
    }
    const accepted = business.payByCode(
      String(req.params.code),
      phone,
      body.amount as number | undefined,
    );
    res.json({
      success: true,
      message: 'Payment created successfully',
      data: {
        ...accepted,
        responsecode: '0',
        responsedescription: 'Success. Request accepted for processing',
      },
    });
  });
}
