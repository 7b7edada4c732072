/**
 * Daraja's endpoints beyond M-Pesa Express, mounted under `/daraja` before the STK router (which
 * answers anything unknown with 404.001.01): C2B register URL and simulate, B2C, transaction
 * status, reversal and account balance. Same Bearer auth, JSON rule, faults and error envelope.
 */
import express, { type Router } from 'express';
import type { FaultOperation } from '../faults.js';
import type { SimulatorKit } from '../kit.js';
import { createDarajaC2bEngine, type DarajaC2bEngine } from './c2b-engine.js';
import type { DarajaEngine } from './daraja-engine.js';
import { bearerAuth, errorHandler, jsonBody } from './daraja-router.js';
import { faultMiddleware } from './fault-middleware.js';
import { createDarajaOrgEngine, type Queued } from './org-engine.js';
import {
  parseB2cRequest,
  parseBalanceRequest,
  parseRegisterUrlRequest,
  parseReversalRequest,
  parseSimulateRequest,
  parseTransactionStatusRequest,
} from './org-requests.js';

type Body = Record<string, unknown>;

/** Daraja's answer when it has queued an org request. */
function queuedAnswer(queued: Queued) {
  return {
    ConversationID: queued.conversationId,
    OriginatorConversationID: queued.originatorConversationId,
    ResponseCode: '0',
    ResponseDescription: 'Accept the service request successfully.',
  };
}

export interface DarajaOperations {
  readonly router: Router;
  /** For whatever plays a customer paying the paybill (the virtual phone, tests). */
  readonly c2b: DarajaC2bEngine;
}

export function darajaOperations(kit: SimulatorKit, engine: DarajaEngine): DarajaOperations {
  const org = createDarajaOrgEngine(kit, engine.ledger);
  const c2b = createDarajaC2bEngine(kit, engine.ledger);
  kit.onReset(() => {
    org.reset();
    c2b.reset();
  });
  const router = express.Router();
  const guarded = (operation: FaultOperation) => [
    faultMiddleware(engine, operation),
    bearerAuth(engine),
    ...jsonBody(),
  ];

  for (const version of ['v1', 'v2']) {
    router.post(`/mpesa/c2b/${version}/registerurl`, ...guarded('c2b'), (req, res) => {
      const registered = c2b.register(parseRegisterUrlRequest(req.body as Body));
      // (sic): Daraja's spelling of the id, kept exactly.
      res.json({
        OriginatorCoversationID: registered.originatorConversationId,
        ResponseCode: '0',
        ResponseDescription: 'Success',
      });
    });
    router.post(`/mpesa/c2b/${version}/simulate`, ...guarded('c2b'), (req, res) => {
      const simulated = c2b.simulate(parseSimulateRequest(req.body as Body));
      res.json({
        OriginatorCoversationID: simulated.originatorConversationId,
        ResponseCode: '0',
        ResponseDescription: 'Accept the service request successfully.',
      });
    });
  }
  for (const version of ['v1', 'v3'] as const) {
    router.post(`/mpesa/b2c/${version}/paymentrequest`, ...guarded('payout'), (req, res) => {
      res.json(queuedAnswer(org.b2c(parseB2cRequest(req.body as Body, version))));
    });
  }
  router.post('/mpesa/transactionstatus/v1/query', ...guarded('transaction-status'), (req, res) => {
    res.json(queuedAnswer(org.transactionStatus(parseTransactionStatusRequest(req.body as Body))));
  });
  router.post('/mpesa/reversal/v1/request', ...guarded('reversal'), (req, res) => {
    res.json(queuedAnswer(org.reversal(parseReversalRequest(req.body as Body))));
  });
  router.post('/mpesa/accountbalance/v1/query', ...guarded('balance'), (req, res) => {
    res.json(queuedAnswer(org.balance(parseBalanceRequest(req.body as Body))));
  });
  // Anything else falls through to the STK router, which answers 404.001.01.
  router.use(errorHandler);
  return { router, c2b };
}
