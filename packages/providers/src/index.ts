export { type CashfinAdapter, cashfin } from './cashfin/cashfin-adapter.js';
export {
  type CashfinConfig,
  type CashfinEnvironment,
  type CashfinOptions,
  cashfinHosts,
  parseCashfinOptions,
} from './cashfin/cashfin-options.js';
export {
  type CashfinResultMapping,
  cashfinResultCodes,
  cashfinStatuses,
  type MappedCashfinResult,
  mapCashfinResult,
} from './cashfin/result-codes.js';
export {
  type CashfinPaymentEvent,
  cashfinPaymentEvents,
  cashfinWebhookAck,
  parseCashfinWebhook,
} from './cashfin/webhook.js';
export {
  CASHFIN_SIGNATURE_HEADER,
  cashfinSignature,
  verifyCashfinSignature,
} from './cashfin/webhook-signature.js';
export { parseStkCallback } from './daraja/callback.js';
export { darajaCallbackSourceIps } from './daraja/callback-sources.js';
export { type DarajaAdapter, daraja } from './daraja/daraja-adapter.js';
export {
  type DarajaConfig,
  type DarajaEnvironment,
  type DarajaOptions,
  type DarajaTransactionType,
  darajaHosts,
  parseDarajaOptions,
} from './daraja/daraja-options.js';
export { type DarajaTimeZone, darajaPassword, darajaTimestamp } from './daraja/password.js';
export {
  type DarajaResultMapping,
  darajaResultCodes,
  type MappedDarajaResult,
  mapDarajaResult,
} from './daraja/result-codes.js';
