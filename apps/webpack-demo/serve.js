// Serves the webpack build (dist/) and its page under the shop's strict CSP, and forwards
// /lipwa and /api to the shop (LIPWA_SHOP_URL), as a reverse proxy would in production. The
// browser's Origin passes through unchanged: the shop must list this server's origin.
import { readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const shop = new URL(process.env.LIPWA_SHOP_URL ?? 'http://127.0.0.1:3000');
const port = Number(process.env.PORT ?? 4174);

const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const server = createServer(async (req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://demo');
  if (pathname.startsWith('/lipwa/') || pathname.startsWith('/api/')) {
    const upstream = request(
      new URL(req.url ?? '/', shop),
      { method: req.method, headers: { ...req.headers, host: shop.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
    return;
  }
  // No icon, but no 404 in the console either.
  if (pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  const file =
    pathname === '/'
      ? path.join(here, 'public/index.html')
      : /^\/[\w-]+\.js$/.test(pathname)
        ? path.join(dist, pathname)
        : undefined;
  try {
    if (!file) throw new Error('not found');
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': file.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript',
      'content-security-policy': contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
server.listen(port, '127.0.0.1', () => {
  console.log(`webpack demo on http://127.0.0.1:${port}, forwarding /lipwa to ${shop.origin}`);
});
