import { useEffect, useState } from 'react';
import type { LoadCatalogue, Product } from './catalogue.js';
import { CheckoutPanel } from './checkout-panel.js';
import { ProductPicker } from './product-picker.js';
import type { CreateSession } from './session-client.js';

export interface AppProps {
  readonly apiBase: string;
  readonly createSession: CreateSession;
  readonly loadCatalogue: LoadCatalogue;
}

type Stage =
  | { readonly step: 'pick'; readonly error?: string }
  | { readonly step: 'starting'; readonly product: Product }
  | { readonly step: 'pay'; readonly product: Product; readonly token: string };

export function App({ apiBase, createSession, loadCatalogue }: AppProps) {
  const [stage, setStage] = useState<Stage>({ step: 'pick' });
  const [products, setProducts] = useState<readonly Product[] | undefined>();
  const [catalogueError, setCatalogueError] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    loadCatalogue().then(
      (loaded) => current && setProducts(loaded),
      (error: unknown) =>
        current && setCatalogueError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
    };
  }, [loadCatalogue]);

  async function checkout(product: Product): Promise<void> {
    setStage({ step: 'starting', product });
    try {
      const token = await createSession(product.id);
      setStage({ step: 'pay', product, token });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setStage({ step: 'pick', error: `Could not start the checkout: ${message}` });
    }
  }

  return (
    <main>
      <h1>Duka la Lipwa</h1>
      {stage.step === 'pay' ? (
        // A new key per session: a fresh widget, and a fresh order status, for every checkout.
        <CheckoutPanel
          key={stage.token}
          product={stage.product}
          token={stage.token}
          apiBase={apiBase}
          onBack={() => setStage({ step: 'pick' })}
        />
      ) : (
        <>
          {stage.step === 'pick' && stage.error && <p role="alert">{stage.error}</p>}
          {catalogueError && <p role="alert">Could not load the products: {catalogueError}</p>}
          {products ? (
            <ProductPicker
              products={products}
              busy={stage.step === 'starting'}
              onCheckout={(p) => void checkout(p)}
            />
          ) : (
            !catalogueError && <p>Loading the products…</p>
          )}
        </>
      )}
    </main>
  );
}
