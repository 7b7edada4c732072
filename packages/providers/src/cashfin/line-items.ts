/**
 * The `items` of Cashfin invoices and subscriptions: each names an existing item (`itemid`), a
 * whole `quantity` and a `rate` (price per unit). Checked before sending, read back as `Money`.
 */
import { type Money, ValidationError } from '@lipwa/core';
import { z } from 'zod';
import {
  moneyFrom,
  objectId,
  optionalText,
  toCashfinAmount,
  wireAmount,
} from './cashfin-values.js';

export interface CashfinLineItemInput {
  /** The id of an item (product or service) on the Cashfin account. */
  readonly itemId: string;
  /** Shown on the invoice; Cashfin uses the item's own name when left out. */
  readonly name?: string;
  /** A whole number of units, at least 1. */
  readonly quantity: number;
  /** Price per unit, KES. */
  readonly rate: Money;
}

export interface CashfinLineItem {
  readonly itemId: string;
  readonly name?: string | undefined;
  readonly quantity: number;
  readonly rate: Money;
  /** `quantity × rate` when Cashfin says it. */
  readonly amount?: Money | undefined;
}

export interface CashfinLineItemWire {
  readonly itemid: string;
  readonly name?: string;
  readonly quantity: number;
  readonly rate: number;
}

/** Assumed: Cashfin documents no limit; a hundred lines is more than any invoice we know. */
export const MAX_LINE_ITEMS = 100;
const MAX_QUANTITY = 1_000_000;

export function lineItemsWire(field: string, items: unknown): CashfinLineItemWire[] {
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_LINE_ITEMS) {
    throw new ValidationError('invalid_field', `${field} must list 1 to ${MAX_LINE_ITEMS} items.`, {
      details: { field },
    });
  }
  return items.map((item: CashfinLineItemInput, index) => {
    const at = `${field}[${index}]`;
    if (
      typeof item?.quantity !== 'number' ||
      !Number.isInteger(item.quantity) ||
      item.quantity < 1 ||
      item.quantity > MAX_QUANTITY
    ) {
      throw new ValidationError(
        'invalid_field',
        `${at}.quantity must be a whole number from 1 to ${MAX_QUANTITY}.`,
        { details: { field: `${at}.quantity` } },
      );
    }
    const name = optionalText(`${at}.name`, item.name, 200);
    return {
      itemid: objectId(`${at}.itemId`, item.itemId),
      ...(name === undefined ? {} : { name }),
      quantity: item.quantity,
      rate: toCashfinAmount(`${at}.rate`, item.rate),
    };
  });
}

/** A line as Cashfin returns it; `title` is read where `name` is missing (its samples use both). */
export const lineItemSchema = z.looseObject({
  itemid: z.string().min(1),
  name: z.string().optional(),
  title: z.string().optional(),
  quantity: z.number().int().nonnegative(),
  rate: wireAmount,
  amount: wireAmount.optional(),
});

export function lineItemFrom(
  wire: z.infer<typeof lineItemSchema>,
  currency: string | undefined,
): CashfinLineItem {
  return {
    itemId: wire.itemid,
    name: wire.name ?? wire.title,
    quantity: wire.quantity,
    rate: moneyFrom(wire.rate, currency),
    ...(wire.amount === undefined ? {} : { amount: moneyFrom(wire.amount, currency) }),
  };
}
