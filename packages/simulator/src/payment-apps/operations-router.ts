/**
 * The gateway's transaction operations beyond M-Pesa Express, as the transactions page documents
 * them: sendMoney, sendAirtime, queryTransactions, fetchTransactions, getTransactionStatus,
 * reverseTransaction, checkBalance, extractTransaction, simulateTransaction and getInstructions.
 * Reads need `payments:read`, writes `payments:write`; queued faults apply per provider
 * `payment-apps` (`query` for reads, `api` for writes).
 */
import type { Router } from 'express';
import type { SimulatorKit } from '../kit.js';
import { createIncomingMoney } from './c2b.js';
import { paymentInstructions } from './instructions.js';
import { laravelPage } from './laravel-page.js';
import type { SalamiTransaction } from './ledger.js';
import { createMoneyOut } from './money-out.js';
import {
  parseAirtime,
  parsePaging,
  parseSendMoney,
  parseSimulate,
  parseSmsMessage,
} from './operation-requests.js';
import type { PaymentAppsGateway } from './payment-apps-gateway.js';
import {
  ability,
  authenticated,
  body,
  faults,
  fields,
  tokenOf,
} from './payment-apps-middleware.js';
import { transactionRecord } from './transaction-record.js';

const daraja = {
  accepted: 'The service request has been accepted successfully',
} as const;

/** Daraja's TransactionStatus words for a record's `STATUS_*`. */
const transactionStatusWords: Readonly<Record<string, string>> = {
  STATUS_PENDING: 'Pending',
  STATUS_COMPLETED: 'Completed',
  STATUS_FAILED: 'Failed',
  STATUS_DECLINED: 'Declined',
  STATUS_REVERSED: 'Reversed',
};

/** `getTransactionStatus`: Daraja's Transaction Status answer, the result included once known. */
function transactionStatus(transaction: SalamiTransaction) {
  const result = transaction.result;
  return {
    ResponseCode: '0',
    ResponseDescription: daraja.accepted,
    OriginatorConversationID:
      transaction.originatorConversationId ?? transaction.merchantRequestId ?? null,
    ConversationID: transaction.conversationId ?? transaction.checkoutRequestId ?? null,
    TransactionID: transaction.receipt ?? null,
    TransactionStatus: transactionStatusWords[transaction.status] ?? 'Pending',
    ...(result === undefined
      ? {}
      : { ResultCode: String(result.resultCode), ResultDesc: result.resultDesc }),
  };
}

export function mountPaymentAppsOperations(
  router: Router,
  kit: SimulatorKit,
  gateway: PaymentAppsGateway,
): void {
  const moneyOut = createMoneyOut(kit, gateway.ledger);
  const incoming = createIncomingMoney(kit, gateway.ledger);
  const auth = authenticated(gateway);
  const read = [faults(kit, 'query'), auth, ability(gateway, 'payments:read')];
  const write = [faults(kit, 'api'), auth, ability(gateway, 'payments:write'), ...body()];
  const appOf = (res: Parameters<typeof tokenOf>[0], id: unknown) =>
    gateway.app(tokenOf(res), String(id));

  router.post('/api/pay/:app/sendMoney', ...write, (req, res) => {
    const app = appOf(res, req.params.app);
    const accepted = moneyOut.sendMoney(app, parseSendMoney(fields(req)));
    res.json({ data: accepted, status: 'success', message: 'Money sent successfully' });
  });

  router.post('/api/pay/:app/sendAirtime', ...write, (req, res) => {
    const app = appOf(res, req.params.app);
    const accepted = moneyOut.sendAirtime(app, parseAirtime(fields(req)));
    res.json({ data: accepted, status: 'success', message: 'Airtime sent' });
  });

  router.get('/api/pay/:app/queryTransactions', ...read, (req, res) => {
    const app = appOf(res, req.params.app);
    const records = gateway.ledger.list(app).map(transactionRecord);
    res.json({ data: laravelPage(records, parsePaging(req.query)) });
  });

  router.get('/api/pay/:app/fetchTransactions', ...read, (req, res) => {
    const app = appOf(res, req.params.app);
    const records = gateway.ledger.list(app).map(transactionRecord);
    res.json({ data: records, status: 'success', message: 'Transactions fetched' });
  });

  router.get('/api/pay/:app/getTransactionStatus/:transaction', ...read, (req, res) => {
    const app = appOf(res, req.params.app);
    const transaction = gateway.ledger.get(app, String(req.params.transaction));
    res.json({ data: transactionStatus(transaction), status: 'success' });
  });

  router.post('/api/pay/:app/reverseTransaction/:transaction', ...write, (req, res) => {
    const app = appOf(res, req.params.app);
    const original = gateway.ledger.get(app, String(req.params.transaction));
    const accepted = moneyOut.reverse(app, original);
    res.json({ data: accepted, status: 'success', message: 'Reversal initiated' });
  });

  router.get('/api/pay/:app/checkBalance', ...read, (req, res) => {
    const app = appOf(res, req.params.app);
    res.json({ data: moneyOut.balance(app), status: 'success', message: 'Balance retrieved' });
  });

  router.post('/api/pay/:app/extractTransaction', ...write, (req, res) => {
    const app = appOf(res, req.params.app);
    const { record, created } = incoming.extract(app, parseSmsMessage(fields(req)));
    res.json({
      data: record,
      status: 'success',
      message: created ? 'Transaction extracted' : 'Transaction already recorded',
    });
  });

  router.post('/api/pay/:app/simulateTransaction', ...write, (req, res) => {
    const app = appOf(res, req.params.app);
    const simulated = incoming.simulate(app, parseSimulate(fields(req)));
    res.json({ data: simulated, status: 'success', message: 'Simulation successful' });
  });

  router.get('/api/pay/:app/getInstructions/:transaction', ...read, (req, res) => {
    const app = appOf(res, req.params.app);
    const transaction = gateway.ledger.get(app, String(req.params.transaction));
    res.type('html').send(paymentInstructions(transaction));
  });
}
