import { describe, expect, it } from 'vitest';
import { createCatalogueClient, formatPrice } from './catalogue.js';

function answering(status: number, body: unknown) {
  const requests: string[] = [];
  const fetch = async (input: string) => {
    requests.push(input);
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch, requests };
}

describe('the product list shown in the SPA', () => {
  it('reads the products from the shop rather than keeping a copy', async () => {
    const products = [{ id: 'kikoi', name: 'Kikoi beach wrap', blurb: 'Cotton.', price: 150000 }];
    const shop = answering(200, { products });

    const loaded = await createCatalogueClient({ url: '/api/products', fetch: shop.fetch })();

    expect(loaded).toEqual(products);
    expect(shop.requests).toEqual(['/api/products']);
  });

  it('refuses a catalogue it cannot read instead of showing wrong prices', async () => {
    const shop = answering(200, { products: [{ id: 'kikoi', name: 'Kikoi', price: '1500' }] });

    await expect(
      createCatalogueClient({ url: '/api/products', fetch: shop.fetch })(),
    ).rejects.toThrow('cannot read');
  });

  it('says which status the shop answered when it fails', async () => {
    const shop = answering(503, {});

    await expect(
      createCatalogueClient({ url: '/api/products', fetch: shop.fetch })(),
    ).rejects.toThrow('503');
  });

  it('writes prices the way the widget writes amounts, cents only when there are some', () => {
    expect(formatPrice(150000)).toBe('KES 1,500');
    expect(formatPrice(45000)).toBe('KES 450');
    expect(formatPrice(150050)).toBe('KES 1,500.50');
  });
});
