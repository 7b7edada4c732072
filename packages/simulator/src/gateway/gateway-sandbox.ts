/**
 * The Payment Gateway merchant the simulator knows: the sample credentials printed in the
 * gateway's own documentation (public values), with Safaricom as provider 40. Code written
 * against the simulator needs only a new `baseUrl` and real credentials to go live.
 */
export const gatewaySandbox = {
  publicId: 'f54ec96649be11ebb3780242ac130002',
  merchantId: 'e0fecd91fcb24f348048193b3fb34875ba3722b4',
  secretKey:
    'cf11635572c1e8d77297207152dc0791ad91f22b32d23c758ce3ba2637202ad8f7290ba41f2243cccf32edde1dfb8bf0f5dea62525309e293b3adb2c76eed6a5',
  providerId: 40,
} as const;

/** Provider ids the sandbox merchant may use: 40 Safaricom (prompts the phone), 14 the gateway's own simulator. */
export const GATEWAY_SAFARICOM_PROVIDER_ID = 40;
export const GATEWAY_TEST_PROVIDER_ID = 14;
