// Registers <lipwa-checkout> and activates its JSX typings, as any npm user would.
import '@lipwa/checkout/define';
import type {} from '@lipwa/checkout/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { createCatalogueClient } from './catalogue.js';
import { createSessionClient } from './session-client.js';
import './styles.css';

const apiBase = '/lipwa';
const fetchFromPage = (input: string, init?: RequestInit) => globalThis.fetch(input, init);
const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain <div id="root"> for the app to mount.');

createRoot(root).render(
  <StrictMode>
    <App
      apiBase={apiBase}
      createSession={createSessionClient({
        apiBase,
        fetch: fetchFromPage,
      })}
      loadCatalogue={createCatalogueClient({ url: '/api/products', fetch: fetchFromPage })}
    />
  </StrictMode>,
);
