/** The shop's products. Prices live on the server: the browser only ever names a product. */
export interface Product {
  readonly id: string;
  readonly name: string;
  readonly blurb: string;
  /** KES, in minor units (cents). */
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

export function findProduct(id: unknown): Product | undefined {
  return catalogue.find((product) => product.id === id);
}
