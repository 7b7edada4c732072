import { formatPrice, type Product } from './catalogue.js';

export interface ProductPickerProps {
  readonly products: readonly Product[];
  readonly busy: boolean;
  readonly onCheckout: (product: Product) => void;
}

/** The shop's products, each with its own Checkout button. */
export function ProductPicker({ products, busy, onCheckout }: ProductPickerProps) {
  return (
    <ul className="products">
      {products.map((product) => (
        <li key={product.id} className="product">
          <h2>{product.name}</h2>
          <p>{product.blurb}</p>
          <p className="price">{formatPrice(product.price)}</p>
          <button
            type="button"
            disabled={busy}
            aria-label={`Checkout ${product.name}`}
            onClick={() => onCheckout(product)}
          >
            Checkout
          </button>
        </li>
      ))}
    </ul>
  );
}
