/**
 * The Cashfin credentials the simulator accepts. Cashfin has no public sandbox: a business
 * creates a client secret (`cs_…`, sent bare in `Authorization`) and a webhook signing secret
 * in its dashboard. These stand in for both, so `cashfin({ ...simulator.cashfin })` just works.
 */
export const cashfinSandbox = Object.freeze({
  clientSecret: 'cs_lipwa_simulator_4f9c2a7e1b8d',
  webhookSecret: 'whsec_lipwa_simulator_7d3e9b1c5a20',
} as const);

/** The business the simulated account belongs to: the virtual phone shows it as the payee. */
export const CASHFIN_BUSINESS_NAME = 'Lipwa Simulator Shop';
