/**
 * What the simulated Cashfin business already has when the simulator starts: customers (invoices
 * and subscriptions name an existing one), items of its shop (invoice lines and shop orders name
 * them), and one tax. Cashfin's API to create these is outside what the checkout uses, so they
 * are seeded; tests read their ids from `cashfinSandboxCatalogue`.
 */

export interface CatalogueCustomer {
  readonly _id: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
}

export interface CatalogueProduct {
  readonly _id: string;
  readonly title: string;
  readonly sku: string;
  /** KES, whole shillings. */
  readonly price: number;
  /** Units in stock when the simulator starts. */
  readonly stock: number;
}

export interface CatalogueTax {
  readonly _id: string;
  readonly name: string;
  /** Percent. */
  readonly rate: number;
}

export const cashfinSandboxCatalogue = Object.freeze({
  customers: Object.freeze([
    {
      _id: '65f1a0c0ffee000000000001',
      name: 'Wanjiku Kamau',
      email: 'wanjiku@example.co.ke',
      phone: '254708374149',
    },
    {
      _id: '65f1a0c0ffee000000000002',
      name: 'Otieno Ochieng',
      email: 'otieno@example.co.ke',
      phone: '254711000000',
    },
  ] as const satisfies readonly CatalogueCustomer[]),
  products: Object.freeze([
    {
      _id: '65f1b0c0ffee000000000001',
      title: 'Kikoi beach towel',
      sku: 'KKT-001',
      price: 1500,
      stock: 50,
    },
    {
      _id: '65f1b0c0ffee000000000002',
      title: 'Maasai shuka',
      sku: 'MSK-002',
      price: 2500,
      stock: 20,
    },
    {
      _id: '65f1b0c0ffee000000000003',
      title: 'Monthly support plan',
      sku: 'SUP-003',
      price: 999,
      stock: 1_000_000,
    },
    {
      _id: '65f1b0c0ffee000000000004',
      title: 'Last sisal basket',
      sku: 'SSB-004',
      price: 800,
      stock: 1,
    },
  ] as const satisfies readonly CatalogueProduct[]),
  taxes: Object.freeze([
    { _id: '65f1c0c0ffee000000000001', name: 'VAT', rate: 16 },
  ] as const satisfies readonly CatalogueTax[]),
});
