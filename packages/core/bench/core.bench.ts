/**
 * Throughput of the hot paths of @omega/core, printed (not asserted):
 * `pnpm --filter @omega/core bench`. Each case runs on a fixed, varied set of inputs for
 * about a second after a short warm-up; the figure is calls per second on this machine.
 */

import { parsePhone } from '../src/phones.ts';
import { DEFAULT_ROLLOUT, isInRollout } from '../src/rollout.ts';
import { countSegments } from '../src/segments.ts';
import { DEFAULT_SEND_WINDOW, nextAllowedTime } from '../src/send-window.ts';

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
const zones = ['Europe/Paris', 'Indian/Reunion', 'America/Guadeloupe', 'America/Cayenne'];

console.log(`@omega/core benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
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
