/**
 * Daraja's account balance text: accounts joined by `&`, each `Name|Currency|available|uncleared|
 * reserved|…` (daraja.md), e.g. `Working Account|KES|700000.00|700000.00|0.00|0.00`. Amounts may be
 * negative (a charges account). A part that does not read as an account is skipped, not guessed.
 */
import type { Money } from '@lipwa/core';

export interface BalanceAccount {
  /** `Working Account`, `Utility Account`, `Charges Paid Account`, … */
  readonly name: string;
  readonly currency: string;
  readonly available: Money;
  readonly uncleared: Money;
  readonly reserved: Money;
  /** Any further fields, as written. */
  readonly rest: readonly string[];
}

function minorUnits(text: string | undefined, currency: string): Money | undefined {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec((text ?? '').trim());
  if (!match) return undefined;
  const units = Number(`${match[2]}${(match[3] ?? '').padEnd(2, '0')}`);
  if (!Number.isSafeInteger(units)) return undefined;
  return { amount: match[1] === '-' && units !== 0 ? -units : units, currency };
}

export function parseAccountBalances(text: string): BalanceAccount[] {
  const accounts: BalanceAccount[] = [];
  for (const part of text.split('&')) {
    const [name, currency, available, uncleared, reserved, ...rest] = part.split('|');
    const code = currency?.trim().toUpperCase() ?? '';
    if (!name?.trim() || !/^[A-Z]{3}$/.test(code)) continue;
    const amounts = [available, uncleared, reserved].map((value) => minorUnits(value, code));
    const [availableMoney, unclearedMoney, reservedMoney] = amounts;
    if (!availableMoney || !unclearedMoney || !reservedMoney) continue;
    accounts.push({
      name: name.trim(),
      currency: code,
      available: availableMoney,
      uncleared: unclearedMoney,
      reserved: reservedMoney,
      rest: rest.map((field) => field.trim()),
    });
  }
  return accounts;
}
