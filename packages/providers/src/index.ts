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
  type MapDarajaResultOptions,
  type MappedDarajaResult,
  mapDarajaResult,
  parseDarajaResultCode,
} from './daraja/result-codes.js';
