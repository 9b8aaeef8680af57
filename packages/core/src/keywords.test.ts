import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyInbound,
  INBOUND_KEYWORDS,
  type InboundIntent,
  normalizeInbound,
  POLITE_WORDS,
  providerKeywordOf,
} from './keywords.ts';

describe('classifyInbound', () => {
  it.each<[string, InboundIntent, string]>([
    ['STOP', 'opt_out', 'STOP'],
    ['stop', 'opt_out', 'STOP'],
    ['Stop', 'opt_out', 'STOP'],
    ['  stop  ', 'opt_out', 'STOP'],
    ['Stop.', 'opt_out', 'STOP'],
    ['STOP!!!', 'opt_out', 'STOP'],
    ['stop 🙏', 'opt_out', 'STOP'],
    ['STOP STOP', 'opt_out', 'STOP'],
    ['Stop merci', 'opt_out', 'STOP'],
    ['Bonjour, STOP svp', 'opt_out', 'STOP'],
    ["Stop s'il vous plaît", 'opt_out', 'STOP'],
    ['Stop s’il vous plaît', 'opt_out', 'STOP'],
    ['mercii STOP', 'opt_out', 'STOP'],
    ['STOP stp', 'opt_out', 'STOP'],
    ['Bonsoir ARRET', 'opt_out', 'ARRET'],
    ['salut, aide', 'help', 'AIDE'],
    ['help pls', 'help', 'HELP'],
    ['STOP thanks', 'opt_out', 'STOP'],
    ['hello START', 'opt_in', 'START'],
    ['hi, status?', 'status', 'STATUS'],
    ['STOP thank', 'escalate', ''],
    ['STOP sil', 'escalate', ''],
    ['STOP s‘il te plaît', 'opt_out', 'STOP'],
    ['merci beaucoup STOP', 'escalate', ''],
    ['stop please', 'opt_out', 'STOP'],
    ['\nSTOP\n', 'opt_out', 'STOP'],
    ['ARRET', 'opt_out', 'ARRET'],
    ['ARRÊT', 'opt_out', 'ARRET'],
    ['arrêt', 'opt_out', 'ARRET'],
    ['Arrêt !', 'opt_out', 'ARRET'],
    ['STOP SMS', 'opt_out', 'STOP SMS'],
    ['stop-sms', 'opt_out', 'STOP SMS'],
    ['Stop WhatsApp', 'opt_out', 'STOP WHATSAPP'],
    ['DESINSCRIRE', 'opt_out', 'DESINSCRIRE'],
    ['Désinscrire', 'opt_out', 'DESINSCRIRE'],
    ['désinscription', 'opt_out', 'DESINSCRIPTION'],
    ['me désinscrire', 'escalate', ''],
    ['se désinscrire', 'opt_out', 'SE DESINSCRIRE'],
    ['UNSUBSCRIBE', 'opt_out', 'UNSUBSCRIBE'],
    ['Unsubscribe, thank you', 'opt_out', 'UNSUBSCRIBE'],
    ['opt-out', 'opt_out', 'OPT OUT'],
    ['OPTOUT', 'opt_out', 'OPTOUT'],
    ['STOPALL', 'opt_out_all', 'STOPALL'],
    ['stop all', 'opt_out_all', 'STOP ALL'],
    ['STOP TOUT', 'opt_out_all', 'STOP TOUT'],
    ['Stop tout merci', 'opt_out_all', 'STOP TOUT'],
    ['arrêt tout', 'opt_out_all', 'ARRET TOUT'],
    ['START', 'opt_in', 'START'],
    ['start', 'opt_in', 'START'],
    ['UNSTOP', 'opt_in', 'UNSTOP'],
    ['AIDE', 'help', 'AIDE'],
    ['aide ?', 'help', 'AIDE'],
    ['HELP', 'help', 'HELP'],
    ['INFO', 'help', 'INFO'],
    ['Infos', 'help', 'INFOS'],
    ['STATUT', 'status', 'STATUT'],
    ['suivi', 'status', 'SUIVI'],
    ['Status?', 'status', 'STATUS'],
    ['HORAIRES', 'hours', 'HORAIRES'],
    ['horaire', 'hours', 'HORAIRE'],
    ['hours', 'hours', 'HOURS'],
    ['ADRESSE', 'address', 'ADRESSE'],
    ['Adresse svp', 'address', 'ADRESSE'],
    ['address', 'address', 'ADDRESS'],
    ["je veux pas que ça s'arrête", 'escalate', ''],
    ['Stop the repair, I found the charger', 'escalate', ''],
    ['arrêtez de réparer svp', 'escalate', ''],
    ['Bonjour, mon téléphone est-il prêt ?', 'escalate', ''],
    ['stopper', 'escalate', ''],
    ['STOPP', 'escalate', ''],
    ['S T O P', 'escalate', ''],
    ['CANCEL', 'escalate', ''],
    ['END', 'escalate', ''],
    ['QUIT', 'escalate', ''],
    ['Merci', 'escalate', ''],
    ['Bonjour', 'escalate', ''],
    ['', 'escalate', ''],
    ['   ', 'escalate', ''],
    ['👍', 'escalate', ''],
    ['stop aide', 'escalate', ''],
    ['non stop', 'escalate', ''],
  ])('%j → %s %s', (body, intent, keyword) => {
    const result = classifyInbound(body);
    if (intent === 'escalate') {
      expect(result).toEqual({ intent: 'escalate' });
    } else {
      expect(result).toEqual({ intent, keyword });
    }
  });

  it('recognises every listed keyword phrase in upper case with accents-free form', () => {
    for (const [intent, phrases] of Object.entries(INBOUND_KEYWORDS)) {
      for (const phrase of phrases) {
        expect(classifyInbound(phrase.toUpperCase())).toEqual({
          intent,
          keyword: phrase.toUpperCase(),
        });
      }
    }
  });

  it('ignores any polite word before or after a keyword', () => {
    for (const polite of POLITE_WORDS) {
      expect(classifyInbound(`${polite} STOP`).intent).toBe('opt_out');
      expect(classifyInbound(`START ${polite}`).intent).toBe('opt_in');
    }
  });

  it('property: surrounding a keyword with punctuation and case changes never changes the intent', () => {
    const phrases = Object.entries(INBOUND_KEYWORDS).flatMap(([intent, list]) =>
      list.map((p) => [intent, p] as const),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...phrases),
        fc.constantFrom('', ' ', '.', '!', '?', ' !', '...', '\n', ', '),
        fc.constantFrom('', ' ', '  ', '\t', '"'),
        fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        ([intent, phrase], suffix, prefix, upper) => {
          const cased = [...phrase].map((c, i) => (upper[i % 30] ? c.toUpperCase() : c)).join('');
          expect(classifyInbound(`${prefix}${cased}${suffix}`).intent).toBe(intent);
        },
      ),
    );
  });

  it('property: a keyword inside a longer sentence of other words is escalated', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('stop', 'arret', 'start', 'aide', 'suivi', 'adresse'),
        fc.constantFrom('je', 'veux', 'savoir', 'mon', 'telephone', 'quand', 'the', 'repair'),
        fc.boolean(),
        (keyword, other, before) => {
          const body = before ? `${other} ${keyword}` : `${keyword} ${other}`;
          expect(classifyInbound(body)).toEqual({ intent: 'escalate' });
        },
      ),
    );
  });
});

describe('normalizeInbound', () => {
  it.each([
    ['  ARRÊT !! ', 'arret'],
    ["S'il vous plaît", 'sil vous plait'],
    ['Désinscription', 'desinscription'],
    ['stop-sms', 'stop sms'],
    ['stop!!!  merci', 'stop merci'],
    ['ＳＴＯＰ', 'stop'],
    ['Çà et là…', 'ca et la'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeInbound(input)).toBe(expected);
  });
});

describe('providerKeywordOf: what Twilio did with the message', () => {
  it.each([
    // Twilio's default handling on SMS: the whole body, any case, one of its words.
    ['sms', 'STOP', null, 'STOP'],
    ['sms', '  stop ', null, 'STOP'],
    ['sms', 'Cancel', null, 'STOP'],
    ['sms', 'STOPALL', null, 'STOP'],
    ['sms', 'start', null, 'START'],
    ['sms', 'YES', null, 'START'],
    // Ours, not Twilio's: a sentence, a French word, polite words around it.
    ['sms', 'STOP merci', null, null],
    ['sms', 'ARRET', null, null],
    ['sms', 'Stop !', null, null],
    // WhatsApp: Twilio acts only when it says so (Advanced Opt-Out on the Messaging Service).
    ['whatsapp', 'STOP', null, null],
    ['whatsapp', 'START', null, null],
    ['whatsapp', 'STOP', 'STOP', 'STOP'],
    ['whatsapp', 'ARRET', 'stop', 'STOP'],
    ['whatsapp', 'START', 'START', 'START'],
    // OptOutType is Twilio's word: HELP changes nothing, even for an SMS body that reads STOP.
    ['sms', 'ARRET', 'STOP', 'STOP'],
    ['sms', 'STOP', 'HELP', null],
    ['sms', 'AIDE', 'HELP', null],
  ] as const)('%s %j (OptOutType %s) → %s', (channel, body, optOutType, expected) => {
    expect(providerKeywordOf({ channel, body, optOutType })).toBe(expected);
  });
});
