/**
 * The public Daraja sandbox credentials. The simulator accepts exactly these, so code written
 * against the real sandbox works against the simulator unchanged.
 */
export const darajaSandbox = {
  shortcode: '174379',
  passkey: 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919',
  consumerKey: 'lipwa-simulator-key',
  consumerSecret: 'lipwa-simulator-secret',
  /** The sandbox API user (Safaricom's sandbox calls it `testapi` too). */
  initiatorName: 'testapi',
  /**
   * The one SecurityCredential the simulator accepts. A real one is the initiator password
   * RSA-encrypted with Safaricom's certificate, which only Safaricom can check.
   */
  securityCredential: 'TGlwd2FTaW11bGF0b3JJbml0aWF0b3JDcmVkZW50aWFs',
} as const;
