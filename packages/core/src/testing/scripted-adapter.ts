/**
 * A provider-neutral scripted adapter: a double at the `ProviderAdapter` boundary that speaks no
 * real provider's wire format. Tests script what `initiate` and `query` do and read what was
 * asked. Callbacks are a neutral JSON body (`scriptedCallback(...)`), unless the test hands a real
 * adapter's `verifyCallback` so the kit is exercised with that provider's real payloads and codes
 * (the double then cannot drift from the adapter it stands in for).
 */
import { z } from 'zod';
import { CallbackError } from '../errors.js';
import { failureReasons, paymentStatuses } from '../payment-status.js';
import type {
  CallbackInput,
  CallbackResult,
  Capability,
  InitiateRequest,
  InitiateResult,
  ProviderAdapter,
  StatusUpdate,
} from '../provider.js';
import { moneySchema } from '../schemas.js';

export interface ScriptedAdapter extends ProviderAdapter {
  /** Every initiate request received, in order. */
  readonly initiated: InitiateRequest[];
  /** Every providerRef queried, in order. */
  readonly queried: string[];
  /** What the next initiate calls do; default: accept with the next `providerRef`. */
  onInitiate: (request: InitiateRequest) => Promise<InitiateResult>;
  /** What query answers; default: still pending. */
  onQuery: (providerRef: string) => Promise<StatusUpdate>;
  /** The callback URL given to the last initiate call. */
  lastCallbackUrl(): string;
}

export interface ScriptedAdapterOptions
  extends Partial<
    Pick<
      ProviderAdapter,
      'capabilities' | 'callbackRoute' | 'displayName' | 'currencies' | 'target'
    >
  > {
  /** Default `scripted`. */
  readonly id?: string;
  /** The provider reference of the n-th accepted initiation (from 1); default `ref_<id>_<n>`. */
  readonly providerRef?: (n: number) => string;
  /** How callbacks are read; default: the neutral body of `scriptedCallback`. */
  readonly verifyCallback?: (input: CallbackInput) => Promise<CallbackResult>;
}

const scriptedUpdateSchema = z.object({
  providerRef: z.string().min(1),
  status: z.enum(paymentStatuses as [string, ...string[]]),
  reason: z.enum(failureReasons as [string, ...string[]]).optional(),
  providerCode: z.string().optional(),
  receipt: z.string().optional(),
  amount: moneySchema.optional(),
});
const scriptedBodySchema = z.object({ updates: z.array(scriptedUpdateSchema).min(1) });

/** The neutral callback body a scripted adapter reads: `{ "updates": [StatusUpdate, …] }`. */
export function scriptedCallback(...updates: StatusUpdate[]): string {
  return JSON.stringify({ updates });
}

/** The answer a scripted adapter gives a callback it accepted. */
export const scriptedCallbackAck = Object.freeze({ received: true });

async function readScriptedCallback(input: CallbackInput): Promise<CallbackResult> {
  let body: unknown;
  try {
    body = JSON.parse(input.rawBody);
  } catch {
    throw new CallbackError('invalid_callback', 'The callback body is not JSON.');
  }
  const parsed = scriptedBodySchema.safeParse(body);
  if (!parsed.success) {
    throw new CallbackError('invalid_callback', 'The callback is not {"updates":[…]}.');
  }
  return {
    updates: parsed.data.updates as StatusUpdate[],
    response: { status: 200, body: { ...scriptedCallbackAck } },
  };
}

export function createScriptedAdapter(options: ScriptedAdapterOptions = {}): ScriptedAdapter {
  const { id = 'scripted', providerRef, verifyCallback, ...traits } = options;
  const initiated: InitiateRequest[] = [];
  const queried: string[] = [];
  let counter = 0;
  const adapter: ScriptedAdapter = {
    id,
    capabilities: new Set<Capability>(['stk', 'query']),
    // Stands in for a real provider account: the kit treats it as a sandbox.
    target: 'sandbox',
    initiated,
    queried,
    onInitiate: async () => {
      counter += 1;
      return {
        providerRef: providerRef ? providerRef(counter) : `ref_${id}_${counter}`,
        next: { type: 'stk' },
      };
    },
    onQuery: async (ref) => ({ providerRef: ref, status: 'pending' }),
    lastCallbackUrl() {
      const last = initiated.at(-1);
      if (!last) throw new Error('initiate was never called');
      return last.callbackUrl;
    },
    async initiate(request) {
      initiated.push(request);
      return adapter.onInitiate(request);
    },
    async query(ref) {
      queried.push(ref);
      return adapter.onQuery(ref);
    },
    verifyCallback: verifyCallback ?? readScriptedCallback,
  };
  return Object.assign(adapter, traits);
}
