/**
 * Starts the simulator's HTTP server: each provider under its own path (`/daraja`, …), the
 * control API, the virtual phone. All providers share one kit: one clock, phone and fault queue.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { cashfinRouter } from './cashfin/cashfin-router.js';
import { cashfinSandbox } from './cashfin/sandbox.js';
import { controlRouter } from './control-router.js';
import { darajaRouter } from './daraja-router.js';
import { createEngine, type SimulatorControl } from './engine.js';
import { createKit } from './kit.js';
import { parseOptions, type SimulatorOptions } from './options.js';
import { phoneRouter } from './phone-router.js';
import { darajaSandbox } from './sandbox.js';

export interface RunningSimulator {
  /** e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** Everything a Daraja adapter needs: `baseUrl` is `${url}/daraja`, plus the sandbox credentials. */
  daraja: { baseUrl: string } & typeof darajaSandbox;
  /** Everything a Cashfin adapter needs: `baseUrl` is `${url}/cashfin`, plus the client and webhook secrets. */
  cashfin: { baseUrl: string } & typeof cashfinSandbox;
  /** The virtual phone page, `${url}/phone`. */
  phoneUrl: string;
  control: SimulatorControl;
  /** Stops listening, drops hung requests and clears every timer. */
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const config = parseOptions(options);
  const kit = createKit(config);
  const engine = createEngine(kit);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/daraja', darajaRouter(engine, config.expiresInAs));
  app.use('/cashfin', cashfinRouter(kit));
  app.use('/_control', controlRouter(engine.control));
  app.use(phoneRouter(engine.control));

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  config.log(`Lipwa simulator listening on ${url}`);

  let closed: Promise<void> | undefined;
  return {
    url,
    daraja: { baseUrl: `${url}/daraja`, ...darajaSandbox },
    cashfin: { baseUrl: `${url}/cashfin`, ...cashfinSandbox },
    phoneUrl: `${url}/phone`,
    control: engine.control,
    close() {
      closed ??= new Promise<void>((resolve) => {
        engine.close();
        server.close(() => resolve());
        // Hung (fault) requests and keep-alive sockets would hold close() forever.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
