/**
 * The simulator's org and C2B endpoints over HTTP, with the request shapes from daraja.md:
 * what it refuses (and how), what it queues, and the result bodies it posts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DarajaFixture, startDarajaFixture } from '../test-daraja-client.js';
import { darajaSandbox } from './sandbox.js';

let fixture: DarajaFixture;

beforeEach(async () => {
  fixture = await startDarajaFixture({ autoResolveDelayMs: 0 });
});
afterEach(async () => {
  await fixture.close();
});

function b2cBody(overrides: Record<string, unknown> = {}) {
  return {
    OriginatorConversationID: `orig-${Math.random().toString(36).slice(2)}`,
    InitiatorName: darajaSandbox.initiatorName,
    SecurityCredential: darajaSandbox.securityCredential,
    CommandID: 'BusinessPayment',
    Amount: 100,
    PartyA: darajaSandbox.shortcode,
    PartyB: '254708374149',
    Remarks: 'Payout',
    QueueTimeOutURL: fixture.receiver.url,
    ResultURL: fixture.receiver.url,
    Occassion: '',
    ...overrides,
  };
}

/** The `Result` of the first body the merchant received. */
function firstResult(): Record<string, unknown> {
  const [first] = fixture.receiver.received;
  if (!first) throw new Error('expected a result from the simulator');
  return (first.body as { Result: Record<string, unknown> }).Result;
}

async function settle() {
  await fixture.simulator.control.advance(0);
  await fixture.simulator.control.idle();
}

describe('POST /mpesa/b2c/v3/paymentrequest', () => {
  it('queues a payout and posts a Result with the documented parameters', async () => {
    const response = await fixture.post('/mpesa/b2c/v3/paymentrequest', b2cBody());
    const answer = (await response.json()) as Record<string, unknown>;
    await settle();

    expect(answer).toMatchObject({
      ConversationID: expect.stringMatching(/^AG_\d{8}_/),
      ResponseCode: '0',
      ResponseDescription: 'Accept the service request successfully.',
    });
    const result = firstResult();
    expect(result).toMatchObject({
      ResultType: 0,
      ResultCode: 0,
      ConversationID: answer.ConversationID,
    });
    expect(
      (result.ResultParameters as { ResultParameter: { Key: string }[] }).ResultParameter.map(
        (p) => p.Key,
      ),
    ).toEqual([
      'TransactionAmount',
      'TransactionReceipt',
      'B2CRecipientIsRegisteredCustomer',
      'B2CChargesPaidAccountAvailableFunds',
      'ReceiverPartyPublicName',
      'TransactionCompletedDateTime',
      'B2CUtilityAccountAvailableFunds',
      'B2CWorkingAccountAvailableFunds',
    ]);
  });

  it.each([
    ['OriginatorConversationID', { OriginatorConversationID: undefined }],
    ['CommandID', { CommandID: 'Gift' }],
    ['Amount', { Amount: 250_001 }],
    ['PartyB', { PartyB: '0708374149' }],
    ['ResultURL', { ResultURL: 'not a url' }],
    ['Remarks', { Remarks: '' }],
  ])('refuses a bad %s with 400.002.02', async (field, change) => {
    const response = await fixture.post('/mpesa/b2c/v3/paymentrequest', b2cBody(change));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errorCode: '400.002.02',
      errorMessage: `Bad Request - Invalid ${field}`,
    });
  });

  it('takes a v1 request without an OriginatorConversationID', async () => {
    const response = await fixture.post(
      '/mpesa/b2c/v1/paymentrequest',
      b2cBody({ OriginatorConversationID: undefined }),
    );

    expect(response.status).toBe(200);
  });

  it('refuses a duplicate OriginatorConversationID with 500.002.1001', async () => {
    const body = b2cBody();
    await fixture.post('/mpesa/b2c/v3/paymentrequest', body);

    const again = await fixture.post('/mpesa/b2c/v3/paymentrequest', body);

    expect(again.status).toBe(500);
    expect(await again.json()).toMatchObject({ errorCode: '500.002.1001' });
  });

  it('refuses an unknown shortcode as a merchant that does not exist', async () => {
    const response = await fixture.post(
      '/mpesa/b2c/v3/paymentrequest',
      b2cBody({ PartyA: '600000' }),
    );

    expect(await response.json()).toMatchObject({ errorCode: '500.001.1001' });
  });

  it('needs a valid Bearer token', async () => {
    const response = await fetch(
      `${fixture.simulator.daraja.baseUrl}/mpesa/b2c/v3/paymentrequest`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
        body: JSON.stringify(b2cBody()),
      },
    );

    expect(await response.json()).toMatchObject({ errorCode: '404.001.03' });
  });

  it('answers a payout fault in Daraja’s envelope', async () => {
    fixture.simulator.control.fault({ operation: 'payout', kind: 'http', status: 503 });

    const response = await fixture.post('/mpesa/b2c/v3/paymentrequest', b2cBody());

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ errorCode: '500.003.02' });
  });

  it('forgets queued results on reset', async () => {
    // A result that is not due yet (a real timer would deliver one due at once).
    const slow = await startDarajaFixture({ autoResolveDelayMs: 60_000 });
    try {
      await slow.post('/mpesa/b2c/v3/paymentrequest', {
        ...b2cBody(),
        ResultURL: slow.receiver.url,
        QueueTimeOutURL: slow.receiver.url,
      });

      slow.simulator.control.reset();
      await slow.simulator.control.advance(60_000);

      expect(slow.receiver.received).toHaveLength(0);
    } finally {
      await slow.close();
    }
  });
});

describe('C2B endpoints', () => {
  it('refuses a URL with a word Safaricom forbids', async () => {
    const response = await fixture.post('/mpesa/c2b/v1/registerurl', {
      ShortCode: darajaSandbox.shortcode,
      ResponseType: 'Completed',
      ConfirmationURL: 'https://shop.example/mpesa/confirm',
      ValidationURL: 'https://shop.example/validate',
    });

    expect(await response.json()).toMatchObject({
      errorCode: '400.002.02',
      errorMessage: 'Bad Request - Invalid ConfirmationURL',
    });
  });

  it('answers register and simulate with OriginatorCoversationID (sic)', async () => {
    const registered = await fixture.post('/mpesa/c2b/v2/registerurl', {
      ShortCode: darajaSandbox.shortcode,
      ResponseType: 'Cancelled',
      ConfirmationURL: fixture.receiver.url,
      ValidationURL: fixture.receiver.url,
    });
    const simulated = await fixture.post('/mpesa/c2b/v2/simulate', {
      ShortCode: darajaSandbox.shortcode,
      CommandID: 'CustomerPayBillOnline',
      Amount: 10,
      Msisdn: '254708374149',
      BillRefNumber: 'ORDER1042',
    });

    expect(await registered.json()).toMatchObject({
      OriginatorCoversationID: expect.any(String),
      ResponseCode: '0',
      ResponseDescription: 'Success',
    });
    expect(await simulated.json()).toMatchObject({ ResponseCode: '0' });
  });

  it('refuses a paybill simulation without BillRefNumber', async () => {
    const response = await fixture.post('/mpesa/c2b/v2/simulate', {
      ShortCode: darajaSandbox.shortcode,
      CommandID: 'CustomerPayBillOnline',
      Amount: 10,
      Msisdn: '254708374149',
    });

    expect(await response.json()).toMatchObject({
      errorMessage: 'Bad Request - Invalid BillRefNumber',
    });
  });
});

describe('reversal, status and balance bodies', () => {
  const org = (overrides: Record<string, unknown>) => ({
    Initiator: darajaSandbox.initiatorName,
    SecurityCredential: darajaSandbox.securityCredential,
    ResultURL: fixture.receiver.url,
    QueueTimeOutURL: fixture.receiver.url,
    Remarks: 'Checking',
    ...overrides,
  });

  it('refuses a reversal without RecieverIdentifierType (sic)', async () => {
    const response = await fixture.post(
      '/mpesa/reversal/v1/request',
      org({
        CommandID: 'TransactionReversal',
        TransactionID: 'NLJ7RT61SV',
        Amount: 10,
        ReceiverParty: darajaSandbox.shortcode,
      }),
    );

    expect(await response.json()).toMatchObject({
      errorMessage: 'Bad Request - Invalid RecieverIdentifierType',
    });
  });

  it('posts the accounts as one &-joined AccountBalance text', async () => {
    await fixture.post(
      '/mpesa/accountbalance/v1/query',
      org({ CommandID: 'AccountBalance', PartyA: darajaSandbox.shortcode, IdentifierType: '4' }),
    );
    await settle();

    const result = firstResult();
    const [balance] = (result.ResultParameters as { ResultParameter: { Value: string }[] })
      .ResultParameter;
    expect(balance?.Value).toBe(
      'Working Account|KES|0.00|0.00|0.00|0.00&Float Account|KES|0.00|0.00|0.00|0.00&Utility Account|KES|500000.00|500000.00|0.00|0.00&Charges Paid Account|KES|0.00|0.00|0.00|0.00&Organization Settlement Account|KES|0.00|0.00|0.00|0.00',
    );
  });

  it('still answers an unknown path with 404.001.01', async () => {
    const response = await fixture.post('/mpesa/b2b/v1/paymentrequest', {});

    expect(await response.json()).toMatchObject({ errorCode: '404.001.01' });
  });
});
