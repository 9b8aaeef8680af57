/**
 * Realistic values for the corpus: what staff type at the counter of a French phone-repair
 * shop, including the characters that break GSM-7 (ê, ç, ï, œ, curly apostrophes, emoji,
 * non-breaking hyphens) and the long device names that break the one-segment budget.
 */

/** First names: French with accents and hyphens, a few foreign ones, odd capitalisation and stray emoji. */
export const FIRST_NAMES: readonly string[] = [
  'Marie',
  'Marie-Hélène',
  'Françoise',
  'Jérôme',
  'Anaïs',
  'Zoé',
  'Chloé',
  'Léa',
  'Inès',
  'Maëlle',
  'Noémie',
  'Hélène',
  'Loïc',
  'Gaël',
  'Joël',
  'Noël',
  'Raphaël',
  'Mathéo',
  'Théo',
  'Bérénice',
  'Clémence',
  'Agnès',
  'Benoît',
  'François',
  'Jean-François',
  'Jean-Baptiste',
  'Marie-Christine',
  'Anne-Sophie',
  'Pierre-Alexandre',
  'Marie-Ève',
  'Éloïse',
  'Océane',
  'Maïwenn',
  'Gwenaëlle',
  'Aurélien',
  'Cédric',
  'Stéphane',
  'Sébastien',
  'Frédéric',
  'Géraldine',
  'Ségolène',
  'Héloïse',
  'Jean-Christophe',
  'Anne-Charlotte',
  'Pierre-Emmanuel',
  'Marie-Hélène-Alexandrine',
  'Maximilienne',
  'Jean-Marie Côme',
  'Lucas',
  'Emma',
  'Hugo',
  'Louise',
  'Nathan',
  'Camille',
  'Mohamed',
  'Fatima',
  'Aïcha',
  'Yasmine',
  'Kévin',
  'Thị Hương',
  'Nguyễn',
  'Łukasz',
  'José',
  'João',
  'Zoë',
  'Björn',
  'Søren',
  'Ştefan',
  'Ayşe',
  'Çağla',
  'Siobhán',
  'JÉRÔME',
  'françoise',
  'Anne\u2011Marie',
  'N\u2019Golo',
  'Zoé 🌸',
  '  Loïc  ',
];

/** Device models as written on tickets, from short to very long. */
export const DEVICES: readonly string[] = [
  'iPhone 11',
  'iPhone 12 mini',
  'iPhone 13',
  'iPhone 13 Pro',
  'iPhone 14 Plus',
  'iPhone 15 Pro Max 256 Go',
  'iPhone 16 Pro Max 1 To',
  'iPhone SE (2022)',
  'iPhone XR',
  'iPhone 12 (écran + batterie)',
  'Samsung Galaxy S23 Ultra 512 Go',
  'Samsung Galaxy Z Fold6 5G 512 Go',
  'Samsung Galaxy Z Flip5',
  'Samsung Galaxy A54 5G',
  'Samsung Galaxy A14',
  'Samsung Galaxy Tab S9 FE+',
  'Samsung Galaxy S24 Ultra \u2013 Titanium Gray 1 To',
  'Xiaomi Redmi Note 13 Pro+ 5G',
  'Xiaomi 14T Pro',
  'Xiaomi Poco X6 Pro 5G 512 Go \u2013 édition spéciale',
  'Google Pixel 8 Pro',
  'Google Pixel 7a',
  'OnePlus 12R',
  'Huawei P30 Pro',
  'Huawei Mate 20 Pro \u00ab reconditionné \u00bb',
  'Oppo Find X5 Lite',
  'Oppo A78 5G 128 Go noir',
  'Honor Magic5 Lite',
  'Motorola Moto G84 5G',
  'Nothing Phone (2a)',
  'Fairphone 5',
  'Crosscall Core-X5',
  'Sony Xperia 10 V',
  'Realme GT Master Édition',
  'iPad Air 5e génération',
  'iPad Pro 12,9" (2021)',
  'MacBook Air M2 13"',
  'Apple Watch Series 9 45 mm',
  'Nintendo Switch OLED',
  'PlayStation 5 (manette DualSense)',
  'Téléphone de Mamie (Doro 6820)',
  'Samsung',
  'Wiko',
];

/** Staff messages for `staff_urgent`, some longer than an SMS can carry. */
export const STAFF_MESSAGES_FR: readonly string[] = [
  'Votre écran de remplacement est arrivé, passez quand vous voulez.',
  'Urgent : nous avons besoin de votre code de déverrouillage pour tester l\u2019appareil, rappelez-nous au 01 23 45 67 89.',
  'La pièce commandée n\u2019est plus disponible chez notre fournisseur ; nous vous proposons une alternative compatible au même prix, merci de nous rappeler rapidement pour valider 🙏',
  'Boutique exceptionnellement fermée demain jeudi, votre rendez-vous est maintenu vendredi à la même heure.',
  'Votre téléphone est prêt mais la batterie présente un gonflement : ne le rechargez pas sans protection, passez nous voir dès que possible.',
  'Merci de rappeler la boutique.',
  'Nous avons trouvé un second défaut (connecteur de charge oxydé). Le devis passe à 129 € : êtes-vous d\u2019accord ? Sans réponse de votre part, nous remontons l\u2019appareil en l\u2019état.',
];

/** English staff messages for `staff_urgent`. */
export const STAFF_MESSAGES_EN: readonly string[] = [
  'Your replacement screen has arrived, come by whenever you like.',
  'Urgent: we need your unlock code to test the device, please call us back on 01 23 45 67 89.',
  'The part we ordered is no longer available from our supplier; we can offer a compatible alternative at the same price. Please call us back soon to confirm 🙏',
  'Please call the shop.',
];

/** Opening hours as shops write them (at most 30 characters). */
export const SHOP_HOURS_FR: readonly string[] = [
  'du lundi au samedi, 9h30-19h',
  'lun-sam 9h-19h',
  'mar-sam 10h-12h / 14h-19h',
  'lun-ven 9h-18h30, sam 10h-17h',
];

/** English opening hours. */
export const SHOP_HOURS_EN: readonly string[] = [
  'Monday to Saturday, 9:30am-7pm',
  'Mon-Sat 9am-7pm',
  'Tue-Sat 10am-12pm, 2pm-7pm',
];

/** Shop addresses (at most 50 characters). */
export const SHOP_ADDRESSES: readonly string[] = [
  '12 rue de la Paix, 75002 Paris',
  '3 avenue Jean-Jaurès, 69007 Lyon',
  '45 bd de la Libération, 13001 Marseille',
  "8 place de l'Église, 97400 Saint-Denis",
  'Centre commercial Grand Var, 83160 La Valette',
];

/** Shop phone numbers as displayed. */
export const SHOP_PHONES: readonly string[] = [
  '01 23 45 67 89',
  '04 78 12 34 56',
  '+262 262 12 34 56',
];

/** Short domains the shop might use (at most 20 characters). */
export const SHORT_DOMAINS: readonly string[] = [
  'omega.fr',
  'omega-services.fr',
  'o-mega.fr',
  'omgs.fr',
  'omega-repar.fr',
];

/** Destination countries with a realistic mix: mostly France, some overseas, EU and abroad. */
export const COUNTRIES: readonly string[] = [
  ...Array<string>(40).fill('FR'),
  'RE',
  'RE',
  'GP',
  'MQ',
  'YT',
  'GF',
  'BE',
  'BE',
  'DE',
  'ES',
  'IT',
  'PT',
  'CH',
  'MA',
  'GB',
  'US',
];
