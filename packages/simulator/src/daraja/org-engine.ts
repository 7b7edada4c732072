/**
 * Daraja's org operations: B2C, transaction status, reversal and account balance. Each request
 * is checked and queued at once (the synchronous answer carries the ids), then its result is
 * worked out from the ledger and POSTed to the ResultURL after the auto-resolve delay, in
 * simulated time. A wrong initiator or credential is only found out then, as ResultCode 2001,
 * the way Daraja does it. About 300 lines because the four operations share one closure (the
 * originator ids, timers and the ledger) and one check-queue-settle shape, read best side by side.
 */
import { maskMsisdn, pad2 } from '@lipwa/core';
import type { SimulatorKit } from '../kit.js';
import { magicOutcome } from '../outcomes.js';
import { DarajaHttpError } from './daraja-error.js';
import { darajaTimestamp, nairobiParts } from './daraja-time.js';
import { conversationId, merchantRequestId } from './ids.js';
import { accountText, type DarajaLedger, type LedgerEntry } from './ledger.js';
import type {
  B2cRequest,
  BalanceRequest,
  Initiator,
  ResultUrls,
  ReversalRequest,
  TransactionStatusRequest,
} from './org-requests.js';
import { type ParameterValue, resultBody } from './org-results.js';
import { secretsEqual } from './password.js';
import { receiptNumber } from './receipt-number.js';
import { darajaSandbox } from './sandbox.js';

export interface Queued {
  readonly conversationId: string;
  readonly originatorConversationId: string;
}

export interface DarajaOrgEngine {
  b2c(request: B2cRequest): Queued;
  transactionStatus(request: TransactionStatusRequest): Queued;
  reversal(request: ReversalRequest): Queued;
  balance(request: BalanceRequest): Queued;
  reset(): void;
}

/** Who the simulated parties are in result texts. */
export const CUSTOMER_NAME = 'Simulated Customer';
export const ORGANISATION_NAME = 'Lipwa Simulator Shop';

type Parameters = readonly (readonly [string, ParameterValue | undefined])[];

interface Verdict {
  readonly resultCode: string;
  readonly transactionId: string;
  readonly parameters?: Parameters;
  /** Result deliveries: 0 loses it, 2 duplicates it (magic numbers). */
  readonly copies?: 0 | 1 | 2;
}

/** `19.12.2019 11:45:50`, B2C's completion time (Nairobi). */
function dottedTime(epochMs: number): string {
  const p = nairobiParts(epochMs);
  return `${pad2(p.day)}.${pad2(p.month)}.${p.year} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

function shillings(cents: number): number {
  return Math.round(cents) / 100;
}

export function createDarajaOrgEngine(kit: SimulatorKit, ledger: DarajaLedger): DarajaOrgEngine {
  const originatorIds = new Set<string>();
  const timers = new Set<() => void>();

  function checkMerchant(shortcode: string): void {
    if (shortcode !== darajaSandbox.shortcode) {
      throw new DarajaHttpError(500, '500.001.1001', 'Merchant does not exist');
    }
  }

  function initiatorValid(initiator: Initiator): boolean {
    // Both compared, always, so timing does not reveal which one was wrong.
    return [
      secretsEqual(initiator.name, darajaSandbox.initiatorName),
      secretsEqual(initiator.securityCredential, darajaSandbox.securityCredential),
    ].every(Boolean);
  }

  /** Queues the result: `decide` runs when it is due, so it sees the ledger as it is then. */
  function queue(
    what: string,
    urls: ResultUrls,
    originatorId: string,
    decide: () => Verdict,
  ): Queued {
    const queued: Queued = {
      conversationId: conversationId(darajaTimestamp(kit.now()).slice(0, 8)),
      originatorConversationId: originatorId,
    };
    const cancel = kit.scheduler.schedule(kit.config.autoResolveDelayMs, () => {
      timers.delete(cancel);
      const verdict = decide();
      kit.log(`${what} ${queued.conversationId} result ${verdict.resultCode}`);
      void kit.track(
        kit.deliver(
          {
            provider: 'daraja',
            requestId: queued.conversationId,
            url: urls.resultUrl,
            body: resultBody({
              resultCode: verdict.resultCode,
              originatorConversationId: queued.originatorConversationId,
              conversationId: queued.conversationId,
              transactionId: verdict.transactionId,
              parameters: verdict.parameters,
              timeoutUrl: urls.timeoutUrl,
            }),
            headers: { 'content-type': 'application/json;charset=UTF-8' },
          },
          verdict.copies ?? 1,
        ),
      );
    });
    timers.add(cancel);
    return queued;
  }

  function decideB2c(request: B2cRequest, valid: boolean): Verdict {
    const receipt = receiptNumber(kit.now());
    if (!valid) return { resultCode: '2001', transactionId: receipt };
    const magic = magicOutcome(request.partyB);
    const copies = magic?.kind === 'settle' ? magic.callbacks : 1;
    const broke = magic?.kind === 'settle' && magic.outcome === 'insufficient_funds';
    if (broke || !ledger.debit(request.partyA, request.amount)) {
      return { resultCode: '1', transactionId: receipt, copies: copies === 0 ? 1 : copies };
    }
    ledger.record({
      receipt,
      kind: 'b2c',
      shortcode: request.partyA,
      amount: request.amount,
      phone: request.partyB,
      at: kit.now(),
    });
    const accounts = ledger.accounts(request.partyA);
    const cents = (name: string) => accounts.find((a) => a.name === name)?.cents ?? 0;
    return {
      resultCode: '0',
      transactionId: receipt,
      copies,
      parameters: [
        ['TransactionAmount', request.amount],
        ['TransactionReceipt', receipt],
        ['B2CRecipientIsRegisteredCustomer', 'Y'],
        ['B2CChargesPaidAccountAvailableFunds', shillings(cents('Charges Paid Account'))],
        ['ReceiverPartyPublicName', `${request.partyB} - ${CUSTOMER_NAME}`],
        ['TransactionCompletedDateTime', dottedTime(kit.now())],
        ['B2CUtilityAccountAvailableFunds', shillings(cents('Utility Account'))],
        ['B2CWorkingAccountAvailableFunds', shillings(cents('Working Account'))],
      ],
    };
  }

  function parties(entry: LedgerEntry): { debit: string; credit: string } {
    const customer = `${entry.phone} - ${CUSTOMER_NAME}`;
    const organisation = `${entry.shortcode} - ${ORGANISATION_NAME}`;
    return entry.kind === 'stk' || entry.kind === 'c2b'
      ? { debit: customer, credit: organisation }
      : { debit: organisation, credit: customer };
  }

  const reasonTypes: Record<LedgerEntry['kind'], string> = {
    stk: 'Pay Bill Online',
    c2b: 'Pay Bill',
    b2c: 'Business Payment to Customer via API',
    reversal: 'Reversal',
  };

  function decideStatus(
    request: TransactionStatusRequest,
    valid: boolean,
    originatorId: string,
  ): Verdict {
    const receipt = receiptNumber(kit.now());
    if (!valid) return { resultCode: '2001', transactionId: receipt };
    const entry = ledger.find(request.transactionId);
    if (!entry || entry.shortcode !== request.partyA) {
      return { resultCode: 'R000002', transactionId: receipt };
    }
    const { debit, credit } = parties(entry);
    return {
      resultCode: '0',
      transactionId: receipt,
      parameters: [
        ['DebitPartyName', debit],
        ['CreditPartyName', credit],
        ['OriginatorConversationID', originatorId],
        ['InitiatedTime', Number(darajaTimestamp(entry.at))],
        ['DebitAccountType', entry.kind === 'b2c' ? 'Utility Account' : 'MMF Account For Customer'],
        ['DebitPartyCharges', undefined],
        ['TransactionReason', undefined],
        ['ReasonType', reasonTypes[entry.kind]],
        // Assumed: a reversed transaction reads as Reversed (Daraja's wording is not published).
        ['TransactionStatus', entry.reversedBy === undefined ? 'Completed' : 'Reversed'],
        ['FinalisedTime', Number(darajaTimestamp(entry.at))],
        ['Amount', entry.amount],
        ['ReceiptNo', entry.receipt],
      ],
    };
  }

  function decideReversal(request: ReversalRequest, valid: boolean): Verdict {
    const receipt = receiptNumber(kit.now());
    if (!valid) return { resultCode: '2001', transactionId: receipt };
    const entry = ledger.find(request.transactionId);
    if (!entry || entry.kind === 'reversal' || entry.shortcode !== request.receiverParty) {
      return {
        resultCode: 'R000002',
        transactionId: receipt,
        parameters: [['OriginalTransactionID', request.transactionId]],
      };
    }
    if (entry.reversedBy !== undefined) {
      return {
        resultCode: 'R000001',
        transactionId: receipt,
        parameters: [['OriginalTransactionID', entry.receipt]],
      };
    }
    if (!ledger.debit(entry.shortcode, entry.amount))
      return { resultCode: '1', transactionId: receipt };
    entry.reversedBy = receipt;
    ledger.record({
      receipt,
      kind: 'reversal',
      shortcode: entry.shortcode,
      amount: entry.amount,
      phone: entry.phone,
      at: kit.now(),
    });
    const utility = ledger.accounts(entry.shortcode).find((a) => a.name === 'Utility Account');
    return {
      resultCode: '0',
      transactionId: receipt,
      parameters: [
        ['DebitAccountBalance', accountText(utility ?? { name: 'Utility Account', cents: 0 })],
        ['Amount', entry.amount],
        ['TransCompletedTime', Number(darajaTimestamp(kit.now()))],
        ['OriginalTransactionID', entry.receipt],
        ['Charge', 0],
        ['CreditPartyPublicName', `${entry.phone} - ${CUSTOMER_NAME}`],
        ['DebitPartyPublicName', `${entry.shortcode} - ${ORGANISATION_NAME}`],
      ],
    };
  }

  return {
    b2c(request) {
      checkMerchant(request.partyA);
      const originatorId = request.originatorConversationId ?? merchantRequestId();
      if (originatorIds.has(originatorId)) {
        throw new DarajaHttpError(500, '500.002.1001', 'Duplicate OriginatorConversationID.');
      }
      originatorIds.add(originatorId);
      const valid = initiatorValid(request.initiator);
      kit.log(`b2c KES ${request.amount} to ${maskMsisdn(request.partyB)} queued`);
      return queue('b2c', request, originatorId, () => decideB2c(request, valid));
    },
    transactionStatus(request) {
      checkMerchant(request.partyA);
      const originatorId = merchantRequestId();
      const valid = initiatorValid(request.initiator);
      return queue('transaction status', request, originatorId, () =>
        decideStatus(request, valid, originatorId),
      );
    },
    reversal(request) {
      checkMerchant(request.receiverParty);
      const entry = ledger.find(request.transactionId);
      // Assumed: only the whole amount can be reversed (Daraja has no partial reversal).
      if (entry && entry.kind !== 'reversal' && entry.amount !== request.amount) {
        throw new DarajaHttpError(400, '400.002.02', 'Bad Request - Invalid Amount');
      }
      const valid = initiatorValid(request.initiator);
      return queue('reversal', request, merchantRequestId(), () => decideReversal(request, valid));
    },
    balance(request) {
      checkMerchant(request.partyA);
      const valid = initiatorValid(request.initiator);
      return queue('balance', request, merchantRequestId(), () => {
        const transactionId = receiptNumber(kit.now());
        if (!valid) return { resultCode: '2001', transactionId };
        return {
          resultCode: '0',
          transactionId,
          parameters: [
            ['AccountBalance', ledger.accounts(request.partyA).map(accountText).join('&')],
            ['BOCompletedTime', Number(darajaTimestamp(kit.now()))],
          ],
        };
      });
    },
    reset() {
      for (const cancel of timers) cancel();
      timers.clear();
      originatorIds.clear();
    },
  };
}
