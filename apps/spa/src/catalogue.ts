/**
 * The shop's products, mirrored from apps/shop/src/catalogue.ts for display only: the browser
 * names a product and the shop's server sets the price, so a stale copy here cannot change it.
 */
export type ProductId = 'kikoi' | 'kiondo' | 'chai';

export interface Product {
  readonly id: ProductId;
  readonly name: string;
  readonly blurb: string;
  /** KES in minor units (cents), as the shop stores it. */
  readonly price: number;
}

export const catalogue: readonly Product[] = [
  {
    id: 'kikoi',
    name: 'Kikoi beach wrap',
    blurb: 'Hand-woven cotton from Lamu, striped in ocean blues.',
    price: 150000,
  },
  {
    id: 'kiondo',
    name: 'Kiondo basket',
    blurb: 'Sisal and leather, woven in Machakos.',
    price: 280000,
  },
  {
    id: 'chai',
    name: 'Kericho chai, 500 g',
    blurb: 'Strong black tea from the highlands.',
    price: 45000,
  },
];

/** `150000` -> `KES 1,500`, `150050` -> `KES 1,500.50`: the way the widget writes amounts. */
export function formatPrice(minorUnits: number): string {
  const digits = minorUnits % 100 === 0 ? 0 : 2;
  return new Intl.NumberFormat('en-KE', {
    style: 'currency',
    currency: 'KES',
    currencyDisplay: 'code',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })
    .format(minorUnits / 100)
    .replace(/\u00a0/g, ' ');
}
