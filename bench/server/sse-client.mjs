/**
 * A client holding a status stream, as the widget's EventSource would: one socket per stream,
 * each `data:` line parsed and handed to `onEvent`. Resolves once the answer's headers arrive.
 */
import { request } from 'node:http';

export function openStream({ port, path, token }, onEvent = () => {}) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        agent: false,
        headers: {
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
          origin: 'https://shop.example',
        },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`stream answered ${res.statusCode}`));
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            for (const line of block.split('\n'))
              if (line.startsWith('data: ')) onEvent(JSON.parse(line.slice(6)));
            end = buffer.indexOf('\n\n');
          }
        });
        res.on('error', () => {});
        resolve({ close: () => req.destroy() });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
