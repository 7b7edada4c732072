/**
 * Starts the simulator's HTTP server: each provider under its own path (`/daraja`, …), the
 * control API, the virtual phone. All providers share one kit: one clock, phone and fault queue.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { cashfinRouter } from './cashfin/cashfin-router.js';
import { cashfinSandbox } from './cashfin/sandbox.js';
import { cashpayRouter } from './cashpay/cashpay-router.js';
import { cashpaySandbox } from './cashpay/sandbox.js';
import { controlRouter } from './control-router.js';
import { darajaOperations } from './daraja/daraja-operations-router.js';
import { darajaRouter } from './daraja/daraja-router.js';
import { darajaSandbox } from './daraja/sandbox.js';
import { createEngine, type SimulatorControl } from './engine.js';
import { gatewayRouter } from './gateway/gateway-router.js';
import { gatewaySandbox } from './gateway/gateway-sandbox.js';
import { createKit } from './kit.js';
import { parseOptions, type SimulatorOptions } from './options.js';
import { createPaymentAppsGateway } from './payment-apps/payment-apps-gateway.js';
import { paymentAppsRouter } from './payment-apps/payment-apps-router.js';
import { paymentAppsPayBill } from './payment-apps/phone-paybill.js';
import { paymentAppsSandbox } from './payment-apps/sandbox.js';
import { phoneRouter } from './phone-router.js';

export interface RunningSimulator {
  /** e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** Everything a Daraja adapter needs: `baseUrl` is `${url}/daraja`, plus the sandbox credentials. */
  daraja: { baseUrl: string } & typeof darajaSandbox;
  /** Everything a CashPay adapter needs: `baseUrl` is `${url}/cashpay`, the client credentials and the account currency. */
  cashpay: { baseUrl: string; currency: string } & Omit<typeof cashpaySandbox, 'currency'>;
  /** The payment-apps gateway: `baseUrl` is `${url}/payment-apps`, plus the sandbox token, app and webhook secret. */
  paymentApps: { baseUrl: string } & typeof paymentAppsSandbox;
  /** Everything a Payment Gateway adapter needs: `baseUrl` is `${url}/gateway`, plus the sandbox merchant. */
  gateway: { baseUrl: string } & typeof gatewaySandbox;
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
  const operations = darajaOperations(kit, engine);
  app.use('/daraja', operations.router);
  app.use('/daraja', darajaRouter(engine, config.expiresInAs));
  app.use('/cashpay', cashpayRouter(kit));
  const paymentApps = createPaymentAppsGateway(kit);
  app.use('/payment-apps', paymentAppsRouter(kit, paymentApps));
  app.use('/gateway', gatewayRouter(kit));
  app.use('/cashfin', cashfinRouter(kit));
  app.use('/_control', controlRouter(engine.control));
  // The phone's Paybill form pays a payment-apps paybill app by its number, else Daraja's.
  const payToPaymentApps = paymentAppsPayBill(kit, paymentApps);
  app.use(
    phoneRouter(
      engine.control,
      async (payment) => payToPaymentApps(payment) ?? operations.c2b.pay(payment),
    ),
  );

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
    cashpay: { baseUrl: `${url}/cashpay`, ...cashpaySandbox, currency: config.cashpayCurrency },
    paymentApps: { baseUrl: `${url}/payment-apps`, ...paymentAppsSandbox },
    gateway: { baseUrl: `${url}/gateway`, ...gatewaySandbox },
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
