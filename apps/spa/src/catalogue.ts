/**
 * The shop's products, read from the shop itself (`GET /api/products`), so the SPA never keeps a
 * copy that could drift. Prices are for display: the shop's server prices every session.
 */
import { formatMoney } from '@lipwa/core';

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly blurb: string;
  /** KES in minor units (cents), as the shop stores it. */
  readonly price: number;
}

function isProduct(value: unknown): value is Product {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name, blurb, price } = value as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    typeof name === 'string' &&
    typeof blurb === 'string' &&
    Number.isSafeInteger(price)
  );
}

export type LoadCatalogue = () => Promise<readonly Product[]>;

export function createCatalogueClient(options: {
  readonly url: string;
  readonly fetch: (input: string, init?: RequestInit) => Promise<Response>;
}): LoadCatalogue {
  return async () => {
    const response = await options.fetch(options.url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`The shop answered ${response.status} for its catalogue.`);
    const body: unknown = await response.json();
    const products = (body as { products?: unknown } | null)?.products;
    if (!Array.isArray(products) || !products.every(isProduct)) {
      throw new Error('The shop sent a catalogue this app cannot read.');
    }
    return products;
  };
}

/** `150000` -> `KES 1,500`, `150050` -> `KES 1,500.50`: core's rule, the one the widget uses. */
export function formatPrice(minorUnits: number): string {
  return formatMoney({ amount: minorUnits, currency: 'KES' });
}
