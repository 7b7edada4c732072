import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The SPA calls `/lipwa` on its own origin; Vite forwards it to the shop's Lipwa router, as a
 * reverse proxy would in production. The browser's Origin passes through unchanged, so the shop
 * must list this app's origin in its allowedOrigins (LIPWA_EXTRA_ORIGINS in the demo shop).
 */
const shopUrl = process.env.LIPWA_SHOP_URL ?? 'http://127.0.0.1:3000';
// The shop's catalogue (`/api/products`) and its Lipwa router (`/lipwa`).
const proxy = { '/lipwa': { target: shopUrl }, '/api': { target: shopUrl } };

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port: 4173, proxy },
});
