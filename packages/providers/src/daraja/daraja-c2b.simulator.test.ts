/**
 * Daraja's C2B against @lipwa/simulator over real HTTP: registering URLs, validation (the shop's
 * own endpoint decides) and confirmation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  adapter,
  errorOf,
  first,
  kes,
  settle,
  shop,
  sim,
  startSimulatorAndShop,
  TOKEN,
} from './test-daraja-operations.js';

/** Accounts the shop knows; validation refuses any other. */
const knownAccounts = new Set(['ORDER1042']);
/** How the shop's validation endpoint behaves in the current test. */
let validationMode: 'decide' | 'broken' = 'decide';

// Registered before the fixture's own afterEach, so it runs after it (hooks run as a stack):
// the validation mode is reset once the requests a test left owing have arrived.
afterEach(() => {
  validationMode = 'decide';
});

startSimulatorAndShop((input) => {
  if (validationMode === 'broken') return { status: 500, body: 'oops' };
  const payment = adapter.c2b.parseValidation(input);
  const answer = knownAccounts.has(payment.billRefNumber)
    ? adapter.c2b.accept()
    : adapter.c2b.reject('C2B00012');
  return { status: answer.status, body: answer.body };
});

async function registerShop(responseType: 'Completed' | 'Cancelled' = 'Completed') {
  return adapter.c2b.registerUrls({
    confirmationUrl: `${shop.origin}/lipwa/callbacks/daraja-confirm/${TOKEN}`,
    validationUrl: `${shop.origin}/lipwa/callbacks/daraja-validate/${TOKEN}`,
    responseType,
  });
}

describe('C2B against the simulator', () => {
  it('registers URLs, then a paybill payment is validated, accepted and confirmed', async () => {
    const registered = await registerShop();

    const simulated = await adapter.c2b.simulate({
      phone: '254708374149',
      amount: kes(1500),
      billRefNumber: 'ORDER1042',
    });
    await settle();
    const validation = first(shop.to('/daraja-validate/'));
    const confirmation = first(shop.to('/daraja-confirm/'));

    expect(registered.responseDescription).toBe('Success');
    expect(simulated.responseDescription).toBe('Accept the service request successfully.');
    const asked = adapter.c2b.parseValidation(validation);
    const paid = adapter.c2b.parseConfirmation(confirmation);
    expect(asked).toMatchObject({
      transactionType: 'Pay Bill',
      amount: kes(1500),
      billRefNumber: 'ORDER1042',
      businessShortCode: '174379',
      msisdn: '254708***149',
      orgAccountBalance: undefined,
    });
    expect(paid.transactionId).toBe(asked.transactionId);
    expect(paid.transactionId).toMatch(/^[A-Z0-9]{10}$/);
    expect(paid.orgAccountBalance?.amount).toBeGreaterThan(0);
  });

  it('takes nothing when validation refuses an unknown account (C2B00012)', async () => {
    await registerShop();

    await adapter.c2b.simulate({ phone: '254708374149', amount: kes(10), billRefNumber: 'NOPE1' });
    await settle();

    expect(shop.to('/daraja-validate/')).toHaveLength(1);
    expect(shop.to('/daraja-confirm/')).toHaveLength(0);
  });

  it.each([
    ['Completed', 1],
    ['Cancelled', 0],
  ] as const)(
    'lets ResponseType %s decide when validation has no usable answer',
    async (responseType, confirmations) => {
      await registerShop(responseType);
      validationMode = 'broken';

      await adapter.c2b.simulate({
        phone: '254708374149',
        amount: kes(10),
        billRefNumber: 'ORDER1042',
      });
      await settle();

      expect(shop.to('/daraja-confirm/')).toHaveLength(confirmations);
    },
  );

  it('pays a till without an account number', async () => {
    await registerShop();

    await adapter.c2b.simulate({
      phone: '254708374149',
      amount: kes(10),
      commandId: 'CustomerBuyGoodsOnline',
    });
    await settle();

    // Validation refuses the empty account, as the shop's rule says.
    expect(adapter.c2b.parseValidation(first(shop.to('/daraja-validate/')))).toMatchObject({
      transactionType: 'Buy Goods',
      billRefNumber: '',
    });
  });

  it('loses the confirmation for 254711000099 and sends it twice for 254711000098', async () => {
    await registerShop();

    await adapter.c2b.simulate({
      phone: '254711000099',
      amount: kes(10),
      billRefNumber: 'ORDER1042',
    });
    await adapter.c2b.simulate({
      phone: '254711000098',
      amount: kes(10),
      billRefNumber: 'ORDER1042',
    });
    await settle();
    const confirmations = shop
      .to('/daraja-confirm/')
      .map((input) => adapter.c2b.parseConfirmation(input));

    expect(shop.to('/daraja-validate/')).toHaveLength(2);
    expect(confirmations).toHaveLength(2);
    expect(confirmations[1]).toEqual(confirmations[0]);
  });

  it('sends nothing for a customer whose payment fails on the phone', async () => {
    await registerShop();

    await adapter.c2b.simulate({
      phone: '254711000001',
      amount: kes(10),
      billRefNumber: 'ORDER1042',
    });
    await settle();

    expect(shop.received).toHaveLength(0);
  });

  it('refuses a forged confirmation: the URL without the token, or another token', async () => {
    await registerShop();
    await adapter.c2b.simulate({
      phone: '254708374149',
      amount: kes(10),
      billRefNumber: 'ORDER1042',
    });
    await settle();
    const genuine = first(shop.to('/daraja-confirm/'));

    const withoutToken = { ...genuine, params: { provider: 'daraja-confirm' } };
    const otherToken = {
      ...genuine,
      params: { provider: 'daraja-confirm', token: 'tok_forged_00000000' },
    };

    expect(() => adapter.c2b.parseConfirmation(withoutToken)).toThrow(
      expect.objectContaining({ code: 'callback_unauthorized' }),
    );
    expect(() => adapter.c2b.parseConfirmation(otherToken)).toThrow(
      expect.objectContaining({ code: 'callback_unauthorized' }),
    );
  });

  it('reports a C2B fault in Daraja’s envelope as provider_unavailable', async () => {
    sim.control.fault({ operation: 'c2b', kind: 'http', status: 500, errorCode: '500.003.02' });

    const error = await errorOf(registerShop());

    expect(error).toMatchObject({
      code: 'provider_unavailable',
      providerCode: '500.003.02',
      retryable: true,
    });
  });
});
