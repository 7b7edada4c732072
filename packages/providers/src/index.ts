export { type CashfinAdapter, cashfin } from './cashfin/cashfin-adapter.js';
export {
  type CashfinConfig,
  type CashfinEnvironment,
  type CashfinOptions,
  cashfinHosts,
  parseCashfinOptions,
} from './cashfin/cashfin-options.js';
export type {
  CashfinInvoice,
  CashfinInvoiceStatus,
  CashfinInvoices,
  CashfinInvoiceUpdated,
  CreateCashfinInvoice,
  UpdateCashfinInvoice,
} from './cashfin/invoices.js';
export type { CashfinLineItem, CashfinLineItemInput } from './cashfin/line-items.js';
export type { CashfinOrder, CashfinOrderCheckout, CashfinOrders } from './cashfin/orders.js';
export type {
  CashfinPaymentLink,
  CashfinPaymentLinks,
  CreateCashfinPaymentLink,
} from './cashfin/payment-links.js';
export {
  type CashfinResultMapping,
  cashfinResultCodes,
  cashfinStatuses,
  type MappedCashfinResult,
  mapCashfinResult,
} from './cashfin/result-codes.js';
export type {
  CashfinBillingCycle,
  CashfinSubscription,
  CashfinSubscriptions,
  CreateCashfinSubscription,
} from './cashfin/subscriptions.js';
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
export { type CashpayAdapter, cashpay } from './cashpay/cashpay-adapter.js';
export {
  type CashpayConfig,
  type CashpayEnvironment,
  type CashpayOptions,
  cashpayHosts,
  parseCashpayOptions,
} from './cashpay/cashpay-options.js';
export { type CashpayCharge, chargeUpdate } from './cashpay/charge.js';
export {
  type CashpayStatusMapping,
  cashpayChargeStatuses,
  type MappedCashpayStatus,
  mapCashpayStatus,
} from './cashpay/charge-statuses.js';
export { type Page, type PaginatedList, paginatedList } from './common/paginated-list.js';
export type {
  BalanceRequest as DarajaBalanceRequest,
  DarajaBalanceResult,
} from './daraja/account-balance.js';
export type { DarajaAsyncAccepted } from './daraja/async-request.js';
export {
  type DarajaAsyncResult,
  darajaAsyncResultCodes,
  darajaResultAck,
} from './daraja/async-result.js';
export type {
  B2cCommandId as DarajaB2cCommandId,
  B2cRequest as DarajaB2cRequest,
  DarajaB2cResult,
} from './daraja/b2c.js';
export {
  type BalanceAccount as DarajaBalanceAccount,
  parseAccountBalances as parseDarajaAccountBalances,
} from './daraja/balance-accounts.js';
export type {
  C2bAccepted as DarajaC2bAccepted,
  RegisterUrlsRequest as DarajaRegisterUrlsRequest,
  SimulateC2bRequest as DarajaSimulateC2bRequest,
} from './daraja/c2b.js';
export {
  type C2bRejectionCode as DarajaC2bRejectionCode,
  c2bRejectionCodes as darajaC2bRejectionCodes,
  type DarajaC2bPayment,
  type DarajaCallbackAnswer,
} from './daraja/c2b-payment.js';
export { parseStkCallback } from './daraja/callback.js';
export { darajaCallbackSourceIps } from './daraja/callback-sources.js';
export { type DarajaAdapter, daraja } from './daraja/daraja-adapter.js';
export type {
  DarajaB2cClient,
  DarajaBalanceClient,
  DarajaC2bClient,
  DarajaClients,
  DarajaReversalClient,
  DarajaTransactionStatusClient,
} from './daraja/daraja-clients.js';
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
export type {
  DarajaReversalResult,
  ReversalRequest as DarajaReversalRequest,
} from './daraja/reversal.js';
export type {
  DarajaTransactionStatusResult,
  TransactionStatusRequest as DarajaTransactionStatusRequest,
} from './daraja/transaction-status.js';
export { type GatewayAdapter, paymentGateway } from './gateway/gateway-adapter.js';
export { gatewayCallbackAck } from './gateway/gateway-callback.js';
export type {
  GatewayClients,
  GatewayPaybillClient,
  GatewayPayoutsClient,
  GatewayPosClient,
  GatewayTransactionsClient,
} from './gateway/gateway-clients.js';
export {
  type GatewayOutcomeCodes,
  type GatewayResultMapping,
  type GatewayStatusMapping,
  gatewayCodes,
  type MappedGatewayOutcome,
  mapGatewayOutcome,
} from './gateway/gateway-codes.js';
export type { GatewayOperationResult } from './gateway/gateway-operation.js';
export {
  GATEWAY_HOST_PATTERN,
  GATEWAY_SIMULATOR_PROVIDER_ID,
  type GatewayConfig,
  type GatewayCurrency,
  type GatewayOptions,
  gatewayTarget,
  parseGatewayOptions,
} from './gateway/gateway-options.js';
export {
  createGatewaySigner,
  type GatewayParams,
  type GatewaySigner,
  gatewaySignature,
  gatewaySigningString,
} from './gateway/gateway-signature.js';
export type {
  GatewayAnswerToRequest,
  GatewayPaybillPayment,
} from './gateway/paybill.js';
export {
  type GatewayPayoutRequest,
  PAYOUT_MAX_KES_MINOR as GATEWAY_PAYOUT_MAX_KES_MINOR,
  PAYOUT_MIN_KES_MINOR as GATEWAY_PAYOUT_MIN_KES_MINOR,
} from './gateway/payout.js';
export {
  type GatewayPosRequest,
  POS_PROVIDER_ID as GATEWAY_POS_PROVIDER_ID,
} from './gateway/pos.js';
export type {
  CreatedPaymentAppsToken,
  NewPaymentAppsToken,
  PaymentApp,
  PaymentAppsApps,
  PaymentAppsToken,
  PaymentAppsTokens,
} from './payment-apps/account-clients.js';
export type { PaymentAppsCommandAccepted } from './payment-apps/command-accepted.js';
export {
  type AppCallOptions,
  type PaymentAppsAirtime,
  type PaymentAppsAirtimeClient,
  type PaymentAppsBalance,
  type PaymentAppsBalanceAccount,
  type PaymentAppsBalanceClient,
  type PaymentAppsCommandId,
  type PaymentAppsPayout,
  type PaymentAppsPayouts,
  parseAccountBalance,
} from './payment-apps/money-out.js';
export type {
  PaymentAppsManualPayments,
  PaymentAppsPaybillPayment,
} from './payment-apps/paybill-payments.js';
export { type PaymentAppsAdapter, paymentApps } from './payment-apps/payment-apps-adapter.js';
export {
  type PaymentAppsConfig,
  type PaymentAppsEnvironment,
  type PaymentAppsOptions,
  parsePaymentAppsOptions,
} from './payment-apps/payment-apps-options.js';
export {
  type MappedPaymentAppsResult,
  mapPaymentRequestResult,
  mapTransactionResult,
  type PaymentAppsCodeMapping,
  paymentAppsCodes,
} from './payment-apps/status-codes.js';
export type {
  PaymentAppsParty,
  PaymentAppsRecordStatus,
  PaymentAppsTransaction,
} from './payment-apps/transaction-record.js';
export type {
  PaymentAppsExtractedTransaction,
  PaymentAppsSimulated,
  PaymentAppsSimulation,
  PaymentAppsTransactionStatus,
  PaymentAppsTransactions,
  TransactionListOptions,
} from './payment-apps/transactions-client.js';
export type {
  PaymentAppsWebhookEvent,
  PaymentAppsWebhooks,
} from './payment-apps/webhook-events.js';
