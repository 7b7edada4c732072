/**
 * The simulated shortcode's books: every completed M-Pesa transaction by receipt (STK payments,
 * C2B payments, B2C payouts, reversals) and the organisation's accounts, so transaction status,
 * reversal and account balance answer from what really happened in the simulator.
 *
 * Assumed (Daraja does not say): collections are credited to, and payouts and reversals debited
 * from, the Utility Account; the sandbox shortcode starts with KES 500,000.00 there.
 */

export type LedgerKind = 'stk' | 'c2b' | 'b2c' | 'reversal';

export interface LedgerEntry {
  readonly receipt: string;
  readonly kind: LedgerKind;
  readonly shortcode: string;
  /** Whole shillings. */
  readonly amount: number;
  /** The customer, `2547…`. */
  readonly phone: string;
  readonly at: number;
  /** The reversal's receipt, once reversed. */
  reversedBy?: string;
}

export interface OrgAccount {
  readonly name: string;
  /** Cents; may go negative (a charges account). */
  readonly cents: number;
}

export interface DarajaLedger {
  record(entry: LedgerEntry): void;
  find(receipt: string): LedgerEntry | undefined;
  /** Money in: the customer paid the shortcode. */
  credit(shortcode: string, shillings: number): void;
  /** Money out; false (nothing changes) when the Utility Account cannot cover it. */
  debit(shortcode: string, shillings: number): boolean;
  accounts(shortcode: string): readonly OrgAccount[];
  reset(): void;
}

export const OPENING_UTILITY_CENTS = 50_000_000;
const UTILITY = 'Utility Account';

function openingAccounts(): Map<string, number> {
  return new Map([
    ['Working Account', 0],
    ['Float Account', 0],
    [UTILITY, OPENING_UTILITY_CENTS],
    ['Charges Paid Account', 0],
    ['Organization Settlement Account', 0],
  ]);
}

export function createLedger(): DarajaLedger {
  const entries = new Map<string, LedgerEntry>();
  const books = new Map<string, Map<string, number>>();

  function accountsOf(shortcode: string): Map<string, number> {
    let accounts = books.get(shortcode);
    if (!accounts) {
      accounts = openingAccounts();
      books.set(shortcode, accounts);
    }
    return accounts;
  }

  return {
    record(entry) {
      entries.set(entry.receipt, entry);
    },
    find: (receipt) => entries.get(receipt),
    credit(shortcode, shillings) {
      const accounts = accountsOf(shortcode);
      accounts.set(UTILITY, (accounts.get(UTILITY) ?? 0) + shillings * 100);
    },
    debit(shortcode, shillings) {
      const accounts = accountsOf(shortcode);
      const available = accounts.get(UTILITY) ?? 0;
      if (available < shillings * 100) return false;
      accounts.set(UTILITY, available - shillings * 100);
      return true;
    },
    accounts(shortcode) {
      return [...accountsOf(shortcode)].map(([name, cents]) => ({ name, cents }));
    },
    reset() {
      entries.clear();
      books.clear();
    },
  };
}

/** `Name|KES|available|uncleared|reserved|0.00`, as Daraja writes one account. */
export function accountText(account: OrgAccount): string {
  const amount = `${account.cents < 0 ? '-' : ''}${(Math.abs(account.cents) / 100).toFixed(2)}`;
  return `${account.name}|KES|${amount}|${amount}|0.00|0.00`;
}
