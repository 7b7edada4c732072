import { ValidationError } from '@lipwa/core';
import { z } from 'zod';

/**
 * `stkpush` is each provider's initiate request; `query` its status and other reads; `api` its
 * other writes (invoices, airtime, …); `callback` what it sends back; the rest are the operations
 * beyond the checkout that Daraja and the gateway name: C2B URLs and simulation, payouts (B2C),
 * POS, and org queries.
 */
export const faultOperations = [
  'oauth',
  'stkpush',
  'query',
  'api',
  'callback',
  'c2b',
  'payout',
  'pos',
  'transaction-status',
  'reversal',
  'balance',
] as const;
export type FaultOperation = (typeof faultOperations)[number];
export const faultKinds = ['http', 'hang', 'delay', 'drop', 'duplicate'] as const;
export type FaultKind = (typeof faultKinds)[number];

/** Which kinds make sense where: endpoints can fail, hang or be slow; callbacks can be lost, doubled or late. */
const kindsByOperation: Readonly<Record<FaultOperation, readonly FaultKind[]>> = {
  oauth: ['http', 'hang', 'delay'],
  stkpush: ['http', 'hang', 'delay'],
  query: ['http', 'hang', 'delay'],
  api: ['http', 'hang', 'delay'],
  callback: ['drop', 'duplicate', 'delay'],
  c2b: ['http', 'hang', 'delay'],
  payout: ['http', 'hang', 'delay'],
  pos: ['http', 'hang', 'delay'],
  'transaction-status': ['http', 'hang', 'delay'],
  reversal: ['http', 'hang', 'delay'],
  balance: ['http', 'hang', 'delay'],
};

/** The providers the simulator speaks; a fault applies to one of them (default `daraja`). */
export const simulatedProviders = [
  'daraja',
  'cashfin',
  'cashpay',
  'gateway',
  'payment-apps',
] as const;
export type SimulatedProvider = (typeof simulatedProviders)[number];

export const faultSpecSchema = z
  .strictObject({
    /** Whose API misbehaves. `stkpush` means each provider's initiate request (CashPay: create a charge). */
    provider: z.enum(simulatedProviders).default('daraja'),
    operation: z.enum(faultOperations),
    kind: z.enum(faultKinds),
    status: z.number().int().min(400).max(599).optional(),
    errorCode: z.string().min(1).max(40).optional(),
    errorMessage: z.string().min(1).max(300).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    times: z.number().int().min(1).max(10_000).default(1),
  })
  .superRefine((spec, context) => {
    if (!kindsByOperation[spec.operation].includes(spec.kind)) {
      context.addIssue({
        code: 'custom',
        path: ['kind'],
        message: `kind "${spec.kind}" does not apply to operation "${spec.operation}"; use one of ${kindsByOperation[spec.operation].join(', ')}`,
      });
    }
    if (spec.kind === 'delay' && spec.delayMs === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['delayMs'],
        message: 'a delay fault needs delayMs',
      });
    }
  });

/** What a test asks for; `times` defaults to 1. */
export type FaultSpec = z.input<typeof faultSpecSchema>;

/** A fault as stored: defaults filled, with how many uses remain. */
export interface Fault {
  readonly id: number;
  readonly provider: SimulatedProvider;
  readonly operation: FaultOperation;
  readonly kind: FaultKind;
  readonly status: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly delayMs: number;
  remaining: number;
}

/** Parses a fault spec; throws `invalid_request` listing every problem. */
export function parseFaultSpec(input: unknown): z.output<typeof faultSpecSchema> {
  const parsed = faultSpecSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
      .join('; ');
    throw new ValidationError('invalid_request', `Invalid fault (${problems}).`, {
      details: { issues: parsed.error.issues.map((issue) => issue.path.join('.')) },
    });
  }
  return parsed.data;
}

/** Queued faults, used first in, first out per operation, each `times` times. */
export interface FaultBook {
  add(spec: FaultSpec): Fault;
  /** Uses up one application of the oldest fault for `operation` on `provider` (default `daraja`), if any. */
  take(operation: FaultOperation, provider?: SimulatedProvider): Fault | undefined;
  list(): Fault[];
  clear(): void;
}

export function createFaultBook(): FaultBook {
  let faults: Fault[] = [];
  let nextId = 1;
  return {
    add(input) {
      const spec = parseFaultSpec(input);
      const fault: Fault = {
        id: nextId++,
        provider: spec.provider,
        operation: spec.operation,
        kind: spec.kind,
        status: spec.status ?? 500,
        errorCode: spec.errorCode ?? '500.003.02',
        errorMessage: spec.errorMessage ?? 'System is busy. Please try again in few minutes.',
        delayMs: spec.delayMs ?? 0,
        remaining: spec.times,
      };
      faults.push(fault);
      return { ...fault };
    },
    take(operation, provider = 'daraja') {
      const fault = faults.find(
        (candidate) => candidate.operation === operation && candidate.provider === provider,
      );
      if (!fault) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults = faults.filter((candidate) => candidate !== fault);
      return { ...fault };
    },
    list() {
      return faults.map((fault) => ({ ...fault }));
    },
    clear() {
      faults = [];
    },
  };
}
