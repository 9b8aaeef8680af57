/**
 * Throughput of the hot paths of @omega/core, printed (not asserted):
 * `pnpm --filter @omega/core bench`. Each case runs on a fixed, varied set of inputs for
 * about a second after a short warm-up; the figure is calls per second on this machine.
 */

import { type NotificationEvent, planNotification, type Recipient } from '../src/cascade.ts';
import { parsePhone } from '../src/phones.ts';
import { DEFAULT_ROLLOUT, isInRollout } from '../src/rollout.ts';
import { countSegments } from '../src/segments.ts';
import { DEFAULT_SEND_WINDOW, nextAllowedTime } from '../src/send-window.ts';
import { DEFAULT_SETTINGS } from '../src/settings.ts';

type Case = { name: string; unit: string; inputs: number; run: (i: number) => unknown };

function measure({ name, unit, inputs, run }: Case, seconds = 1): void {
  let sink = 0;
  const warmUntil = performance.now() + 200;
  for (let i = 0; performance.now() < warmUntil; i += 1) sink += run(i % inputs) ? 1 : 0;
  let calls = 0;
  const start = performance.now();
  const stop = start + seconds * 1000;
  while (performance.now() < stop) {
    for (let k = 0; k < 100; k += 1) {
      sink += run(calls % inputs) ? 1 : 0;
      calls += 1;
    }
  }
  const perSecond = calls / ((performance.now() - start) / 1000);
  const perCall = 1e6 / perSecond;
  console.log(
    `${name.padEnd(34)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} ${unit}/s  (${perCall.toFixed(2)} µs/call, ${inputs} inputs${sink < 0 ? '' : ''})`,
  );
}

const names = ['Léa', 'Jean-Baptiste', 'Zoë', 'Mohamed', 'Anaïs', 'Chloé', 'François'];
const devices = ['iPhone 13', 'Galaxy S23 Ultra', 'Pixel 8', 'Redmi Note 12', 'iPad Air'];
const smsBodies: string[] = [];
for (let i = 0; i < 200; i += 1) {
  const name = names[i % names.length];
  const device = devices[i % devices.length];
  const templates = [
    `O'MEGA: Bonjour ${name}, votre ${device} est réparé et vous attend en boutique. Suivi: https://omg.fr/t/AB${i}`,
    `O'MEGA: ${name}, votre ${device} est prêt à être récupéré. Horaires: lun-sam 9h-19h. https://omg.fr/t/${i}`,
    `O'MEGA: devis de ${i + 40} € pour votre ${device}. Répondez OUI pour accepter. {ref:${i}}`,
    `O'MEGA: ${name}, on a bien reçu votre ${device} 👍 On vous tient au courant !`,
    `${'Bonjour '.repeat(1 + (i % 30))}${name}`,
  ];
  smsBodies.push(templates[i % templates.length] as string);
}

const phoneInputs = [
  '06 12 34 56 78',
  '+33 6 12 34 56 78',
  '0033612345678',
  '+33 (0)6 12 34 56 78',
  '06.12.34.56.78',
  '0692 12 34 56',
  '0690 12 34 56',
  '01 23 45 67 89',
  'Tel: 07 81 23 45 67',
  '+32 470 12 34 56',
  '+44 7911 123456',
  '12345',
];

const now = new Date('2026-06-13T18:30:00Z');

// Recipients: registered customers with various preferences and consent, walk-ins, DOM and
// foreign numbers, a suppressed one. Events: every kind of ticket change.
const at = new Date('2026-05-01T10:00:00Z');
const recipients: Recipient[] = [];
for (let i = 0; i < 40; i += 1) {
  const walkIn = i % 4 === 3;
  const phone = phoneInputs[i % phoneInputs.length] as string;
  recipients.push({
    customerId: walkIn ? null : `cust_${i}`,
    clientId: `client_${i}`,
    profile: walkIn
      ? null
      : {
          email: i % 3 === 0 ? null : `client${i}@example.fr`,
          phoneNumber: i % 5 === 0 ? null : phone,
          notificationPreferences: {
            emailEnabled: true,
            smsEnabled: i % 2 === 0,
            whatsappEnabled: i % 3 === 1,
            pushEnabled: i % 4 === 0,
          },
          pushTokens: i % 4 === 0 ? [`token_${i}`] : [],
        },
    client: { phone, email: i % 6 === 0 ? `walkin${i}@example.fr` : null },
    consentLog:
      i % 2 === 0
        ? [
            {
              channel: 'sms',
              granted: true,
              at,
              source: 'counter',
              actor: 'staff-1',
              wordingVersion: 'v1',
            },
          ]
        : [],
    suppressed: i % 13 === 12,
    lastInboundWhatsAppAt: i % 3 === 1 ? new Date('2026-06-13T10:00:00Z') : null,
  });
}
const events: NotificationEvent[] = (
  [
    ['ticket_received', 'received'],
    ['status_diagnosing', 'diagnosing'],
    ['status_in_repair', 'in_repair'],
    ['status_completed', 'completed'],
    ['status_quote_pending', 'quote_pending'],
    ['payment_reminder', 'completed'],
  ] as const
).map(([kind, ticketStatus], i) => ({ kind, ticketId: `T${i}`, ticketStatus, changeId: `c${i}` }));
const planContext = {
  now,
  settings: DEFAULT_SETTINGS,
  budgetSpentEur: 12,
  recentSendCounts: { lastDay: 1, lastWeek: 3 },
};
const zones = ['Europe/Paris', 'Indian/Reunion', 'America/Guadeloupe', 'America/Cayenne'];

console.log(`@omega/core benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
measure({
  name: 'planNotification (40 recipients × 6)',
  unit: 'plans',
  inputs: recipients.length * events.length,
  run: (i) =>
    planNotification(
      events[i % events.length] as NotificationEvent,
      recipients[Math.floor(i / events.length)] as Recipient,
      planContext,
    ).rule,
});
measure({
  name: 'countSegments (template bodies)',
  unit: 'segment counts',
  inputs: smsBodies.length,
  run: (i) => countSegments(smsBodies[i] as string).segments,
});
measure({
  name: 'parsePhone (mixed FR/DOM/foreign)',
  unit: 'phone parses',
  inputs: phoneInputs.length,
  run: (i) => parsePhone(phoneInputs[i] as string).ok,
});
measure({
  name: 'nextAllowedTime (low, outside)',
  unit: 'calls',
  inputs: zones.length,
  run: (i) => nextAllowedTime(now, 'low', zones[i] as string, DEFAULT_SEND_WINDOW),
});
measure({
  name: 'isInRollout',
  unit: 'calls',
  inputs: 1000,
  run: (i) => isInRollout(`cust_${i}`, 'sms', DEFAULT_ROLLOUT),
});
