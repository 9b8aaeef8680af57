/**
 * Benchmark: segments and cost of our SMS templates over the generated corpus, against the
 * customer plan's sample texts on the same cases. Prints numbers; asserts nothing.
 *
 *   pnpm --filter @omega/templates bench
 */
import {
  countSegments,
  DEFAULT_PRICE_SETTINGS,
  estimateSmsCostEur,
  NOTIFICATION_KINDS,
  type NotificationKind,
  priceZoneForCountry,
} from '@omega/core';
import { type CorpusCase, DEFAULT_CORPUS_OPTIONS, generateCorpus } from '../src/corpus/corpus.ts';
import { renderSms } from '../src/index.ts';
import {
  SEED_EQUIVALENTS,
  SEED_SMS_EXAMPLES,
  SEED_TEMPLATES_WITH_VARIABLES,
  TECH_NAMES,
} from './seed-samples.ts';

type Sample = { kind: NotificationKind; country: string; text: string };
type Stats = {
  n: number;
  mean: number;
  max: number;
  oneSegment: number;
  ucs2: number;
  eurPer1000: number;
};

function stats(samples: readonly Sample[]): Stats {
  let sum = 0;
  let max = 0;
  let one = 0;
  let ucs2 = 0;
  let eur = 0;
  for (const sample of samples) {
    const count = countSegments(sample.text);
    sum += count.segments;
    max = Math.max(max, count.segments);
    if (count.segments === 1) one += 1;
    if (count.encoding === 'UCS-2') ucs2 += 1;
    eur += estimateSmsCostEur(
      count.segments,
      priceZoneForCountry(sample.country),
      DEFAULT_PRICE_SETTINGS,
    );
  }
  const n = samples.length;
  return {
    n,
    mean: sum / n,
    max,
    oneSegment: one / n,
    ucs2: ucs2 / n,
    eurPer1000: (eur / n) * 1000,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
function row(label: string, s: Stats): string {
  return [
    label.padEnd(58),
    String(s.n).padStart(5),
    s.mean.toFixed(3).padStart(7),
    String(s.max).padStart(4),
    pct(s.oneSegment).padStart(8),
    pct(s.ucs2).padStart(8),
    `${s.eurPer1000.toFixed(2)} €`.padStart(10),
  ].join('  ');
}
const header = [
  'SMS set'.padEnd(58),
  'n'.padStart(5),
  'mean'.padStart(7),
  'max'.padStart(4),
  '1 seg'.padStart(8),
  'UCS-2'.padStart(8),
  '€/1000'.padStart(10),
].join('  ');

function fill(template: string, c: CorpusCase, index: number): string {
  const vars = c.vars as Record<string, unknown>;
  return template
    .replace('{{name}}', String(vars.firstName ?? ''))
    .replace('{{device}}', String(vars.device ?? 'appareil'))
    .replace('{{link}}', String(vars.link ?? ''))
    .replace('{{tech_name}}', TECH_NAMES[index % TECH_NAMES.length] as string);
}

const started = performance.now();
const corpus = generateCorpus();
const ours: Sample[] = [];
const truncation = new Map<
  string,
  { present: number; cut: number; dropped: number; removed: number; maxRemoved: number }
>();
const unitsByKind = new Map<NotificationKind, number[]>();

for (const c of corpus) {
  const sms = renderSms(c.kind, c.vars as never, { locale: c.locale });
  if (!sms.ok) throw sms.error;
  ours.push({ kind: c.kind, country: c.country, text: sms.value.text });
  unitsByKind.set(c.kind, [...(unitsByKind.get(c.kind) ?? []), sms.value.units]);
  for (const name of ['firstName', 'device', 'staffMessage']) {
    if (!(name in c.vars)) continue;
    const entry = truncation.get(name) ?? {
      present: 0,
      cut: 0,
      dropped: 0,
      removed: 0,
      maxRemoved: 0,
    };
    entry.present += 1;
    const t = sms.value.truncated.find((x) => x.variable === name);
    if (t) {
      const removed = t.from.length - t.to.length;
      entry.cut += 1;
      if (t.to === '') entry.dropped += 1;
      entry.removed += removed;
      entry.maxRemoved = Math.max(entry.maxRemoved, removed);
    }
    truncation.set(name, entry);
  }
}
const renderMs = performance.now() - started;

const comparable = corpus.filter((c) => SEED_EQUIVALENTS[c.kind] !== undefined);
const oursComparable = ours.filter((s) => SEED_EQUIVALENTS[s.kind] !== undefined);
const seedLiteral: Sample[] = comparable.map((c) => ({
  kind: c.kind,
  country: c.country,
  text: SEED_SMS_EXAMPLES[SEED_EQUIVALENTS[c.kind]?.literal ?? 'welcome'],
}));
const withVarCases = comparable.filter((c) => SEED_EQUIVALENTS[c.kind]?.withVariables);
const seedWithVariables: Sample[] = withVarCases.map((c, i) => ({
  kind: c.kind,
  country: c.country,
  text: fill(
    SEED_TEMPLATES_WITH_VARIABLES[SEED_EQUIVALENTS[c.kind]?.withVariables ?? 'welcome'],
    c,
    i,
  ),
}));
const oursWithVarKinds = ours.filter((s) => SEED_EQUIVALENTS[s.kind]?.withVariables);

const out: string[] = [];
out.push(
  `Corpus: ${corpus.length} cases (seed ${DEFAULT_CORPUS_OPTIONS.seed}), ${NOTIFICATION_KINDS.length} templates, ` +
    `${corpus.filter((c) => c.locale === 'en').length} in English; prices: core DEFAULT_PRICE_SETTINGS ` +
    `(SMS €/segment fr_metro ${DEFAULT_PRICE_SETTINGS.sms.fr_metro}, fr_overseas ${DEFAULT_PRICE_SETTINGS.sms.fr_overseas}, ` +
    `eu ${DEFAULT_PRICE_SETTINGS.sms.eu}, world ${DEFAULT_PRICE_SETTINGS.sms.world}) by each case's destination country.`,
);
out.push('');
out.push(header);
out.push(row('ours, every template', stats(ours)));
out.push(row('ours, kinds the seed has examples for', stats(oursComparable)));
out.push(row('seed "SMS Template Examples", literal (no variables)', stats(seedLiteral)));
out.push(row('ours, welcome/status/completed kinds', stats(oursWithVarKinds)));
out.push(row('seed templates with name/device/link filled from corpus', stats(seedWithVariables)));
out.push('');
out.push('Seed literal texts, one by one:');
for (const [name, text] of Object.entries(SEED_SMS_EXAMPLES)) {
  const c = countSegments(text);
  out.push(
    `  ${name.padEnd(16)} ${c.encoding} ${String(c.units).padStart(3)} units, ${c.segments} segment(s), non-GSM: ${[...new Set(c.nonGsmCharacters)].join(' ')}`,
  );
}
out.push('');
out.push('Truncation by the length budget (our SMS):');
out.push(
  `  ${'variable'.padEnd(14)}${'present'.padStart(8)}${'shortened'.padStart(11)}${'share'.padStart(9)}${'dropped'.padStart(9)}${'mean cut'.padStart(10)}${'max cut'.padStart(9)}`,
);
for (const [name, t] of truncation) {
  out.push(
    `  ${name.padEnd(14)}${String(t.present).padStart(8)}${String(t.cut).padStart(11)}${pct(t.cut / t.present).padStart(9)}` +
      `${String(t.dropped).padStart(9)}${(t.cut ? t.removed / t.cut : 0).toFixed(1).padStart(10)}${String(t.maxRemoved).padStart(9)}`,
  );
}
out.push(
  '  (cut = characters removed from the transliterated value; dropped = first name left out of the greeting)',
);
out.push('');
out.push('Length per template (GSM-7 septets, out of 160):');
for (const kind of NOTIFICATION_KINDS) {
  const units = unitsByKind.get(kind) ?? [];
  const mean = units.reduce((a, b) => a + b, 0) / units.length;
  out.push(
    `  ${kind.padEnd(26)} mean ${mean.toFixed(1).padStart(5)}  max ${String(Math.max(...units)).padStart(3)}`,
  );
}
out.push('');
const all = stats(ours);
out.push(
  `Target "every SMS exactly 1 segment": ${all.max === 1 && all.oneSegment === 1 && all.ucs2 === 0 ? 'MET' : 'NOT MET'} ` +
    `(${pct(all.oneSegment)} in one segment, ${pct(all.ucs2)} UCS-2). Rendering took ${renderMs.toFixed(0)} ms.`,
);
console.log(out.join('\n'));
