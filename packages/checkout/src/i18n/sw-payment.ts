/** Kiswahili for everything but the phone entry: fetched after the first render, with the payment code. */
import type { PaymentTable } from '../strings.js';

const strings: PaymentTable = {
  payHeading: 'Lipa na M-Pesa',
  waitingHeading: 'Angalia simu yako',
  waitingBody: 'Weka PIN yako ya M-Pesa kwenye {phone} kulipa {merchant} {amount}.',
  waitingSent: 'Tumetuma ombi la malipo kwa {phone}.',
  countdown: 'Ombi litaisha baada ya {time}.',
  countdownOver:
    'Bado tunasubiri uthibitisho wa M-Pesa. Bado unaweza kuweka PIN kama ombi liko wazi.',
  redirectHeading: 'Maliza kwenye ukurasa wa malipo',
  redirectBody:
    'Fungua ukurasa wa malipo kulipa {merchant} {amount}. Ukurasa huu utajisasisha ukimaliza.',
  unfinishedHeading: 'Malipo hayajakamilika',
  unfinishedBody:
    'Kama umelipa {merchant}, ukurasa huu utajisasisha wenyewe. Kama bado, endelea kumaliza malipo.',
  redirectCancelledBody: 'Umeghairi malipo kwenye ukurasa wa malipo. Hujakatwa pesa yoyote.',
  successHeading: 'Malipo yamepokelewa',
  successBody: 'Umelipa {merchant} {amount}. Asante.',
  receiptLabel: 'Risiti ya M-Pesa',
  failureHeading: 'Malipo hayakufaulu',
  cancelledHeading: 'Malipo yameghairiwa',
  cancelledBody: 'Malipo yameghairiwa kwenye simu yako. Hujakatwa pesa yoyote.',
  expiredHeading: 'Muda wa ombi la malipo umeisha',
  expiredBody: 'Simu yako haikujibu ombi la malipo kwa wakati. Hujakatwa pesa yoyote.',
  reversedBody: 'Malipo haya yamerudishwa. Wasiliana na mfanyabiashara kama hukutarajia hili.',
  retryIn: 'Jaribu tena baada ya sekunde {seconds}',
  waitUnits: 'sekunde {n}|sekunde {n}|dakika {n}|dakika {n}|takriban saa {n}|takriban saa {n}',
  reload: 'Pakia upya',
  moreTime: 'Muda zaidi',
  moreTimeAdded: 'Tumeongeza sekunde {seconds}. Usiharakishe.',
  paidAt: 'Imelipwa {time}',
  helpSummary: 'Hukupata ombi?',
  helpPhone: 'Hakikisha simu yako imewashwa, haijafungwa na ina mtandao.',
  helpSim: 'Kama maombi hayafiki kamwe, piga *234# uchague “SIM update”, kisha ujaribu tena.',
  helpPaybill:
    'Au lipa mwenyewe: Lipa na M-Pesa → Pay Bill → Nambari ya biashara {number} → Nambari ya akaunti {reference} → Kiasi {amount}.',
  helpTill:
    'Au lipa mwenyewe: Lipa na M-Pesa → Buy Goods and Services → Nambari ya Till {number} → Kiasi {amount}.',
  reasons: {
    insufficient_funds: 'Salio halitoshi. Huna pesa za kutosha kwenye M-Pesa kwa malipo haya.',
    wrong_pin: 'Umeweka PIN isiyo sahihi. Jaribu tena na uweke PIN yako ya M-Pesa kwa makini.',
    subscriber_busy:
      'Simu yako inashughulikia malipo mengine. Subiri dakika moja, kisha ujaribu tena.',
    invalid_phone: 'M-Pesa haikuweza kutumia nambari hii ya simu. Iangalie kisha ujaribu tena.',
    limit_exceeded: 'Malipo haya yamezidi kikomo chako cha M-Pesa kwa muamala au kwa siku.',
    amount_too_small: 'Kiasi hiki ni chini ya kiwango cha chini cha M-Pesa.',
    amount_too_large: 'Kiasi hiki ni zaidi ya kiwango cha juu cha M-Pesa kwa malipo moja.',
    duplicate_request:
      'Malipo kama haya tayari yanaendelea. Subiri dakika mbili, kisha ujaribu tena.',
    cancelled_by_user: 'Umeghairi malipo kwenye simu yako.',
    no_response: 'Simu yako haikujibu ombi la M-Pesa kwa wakati.',
    prompt_failed: 'M-Pesa haikuweza kuonyesha ombi la malipo kwenye simu yako.',
    not_permitted: 'M-Pesa hairuhusu malipo haya kwa mfanyabiashara huyu.',
    account_locked: 'Akaunti yako ya M-Pesa imefungwa. Wasiliana na Safaricom, kisha ujaribu tena.',
    amount_mismatch:
      'Kiasi kilicholipwa si sawa na kiasi kinachodaiwa. Wasiliana na mfanyabiashara.',
    provider_error: 'M-Pesa imepata tatizo na malipo haya. Jaribu tena baada ya muda mfupi.',
    unknown: 'Malipo hayakupita.',
  },
  problems: {
    offline: 'Hatukuweza kufikia seva ya malipo. Angalia mtandao wako kisha ujaribu tena.',
    attempt_cooldown: 'Tafadhali subiri {wait} kabla ya kujaribu tena.',
    rate_limited: 'Majaribio mengi mno. Tafadhali subiri {wait} kabla ya kujaribu tena.',
    provider_unavailable: 'M-Pesa haikupatikana kwa sasa. Jaribu tena baada ya muda mfupi.',
    provider_rejected:
      'M-Pesa imekataa ombi. Huenda malipo mengine yanaendelea kwenye simu hii; subiri dakika moja, kisha ujaribu tena.',
    provider_auth_failed:
      'Mfanyabiashara hawezi kupokea malipo ya M-Pesa kwa sasa. Jaribu tena baadaye.',
    invalid_phone: 'M-Pesa haiwezi kutumia nambari hii ya simu. Iangalie kisha ujaribu tena.',
    waitAMoment: 'Tafadhali subiri kidogo kabla ya kujaribu tena.',
    timeout: 'M-Pesa inachukua muda mrefu kujibu. Angalia simu yako, kisha ujaribu tena.',
  },
  sessionExpiredHeading: 'Muda wa malipo haya umeisha',
  sessionExpiredBody:
    'Kipindi chako kimeisha au si halali tena. Pakia ukurasa upya uanze tena; hujakatwa pesa.',
  reconnecting: 'Mtandao umekatika. Tunaunganisha tena…',
  phoneRejections: {
    empty: 'Weka nambari yako ya simu.',
    invalid_characters: 'Nambari ya simu ina tarakimu, nafasi, vistari na + mwanzoni tu.',
    too_short:
      'Nambari hiyo ni fupi mno. Nambari za simu za Kenya zina tarakimu 10, kama 0712 345 678.',
    too_long:
      'Nambari hiyo ni ndefu mno. Nambari za simu za Kenya zina tarakimu 10, kama 0712 345 678.',
    not_kenyan: 'Tumia nambari ya simu ya Kenya (+254).',
    not_mobile: 'Nambari za simu za Kenya huanza na 07 au 01.',
  },
};

export default strings;
