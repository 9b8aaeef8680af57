import type { SeededRandom } from '@omega/core';

/** What kind of number a seeded customer typed at the counter. */
export type SeedPhoneKind = 'mobile' | 'overseas' | 'foreign' | 'landline' | 'invalid' | 'none';

const two = (r: SeededRandom) => String(r.int(0, 99)).padStart(2, '0');

/** A French mobile in one of the ways people write it; never one of the sandbox's magic numbers. */
function frenchMobile(r: SeededRandom): string {
  const prefix = r.pick(['6', '6', '6', '7']);
  // 06 10…89 and 07 50…89 are metropolitan mobiles; 0639 (Mayotte) and 069x belong to the
  // overseas departments.
  let block = prefix === '6' ? r.int(10, 89) : r.int(50, 89);
  if (prefix === '6' && block === 39) block = 38;
  const digits = [`0${prefix}`, String(block), two(r), two(r), two(r)];
  const e164 = `+33${prefix}${digits.slice(1).join('')}`;
  return r.weighted<string>([
    [digits.join(' '), 5],
    [digits.join(''), 3],
    [digits.join('.'), 1],
    [`+33 ${prefix} ${digits.slice(1).join(' ')}`, 2],
    [e164, 2],
  ]);
}

/** Overseas departments: Guadeloupe (0690), Réunion (0692), Martinique (0696, 0697). */
function overseasMobile(r: SeededRandom): string {
  const prefix = r.pick(['0690', '0692', '0696', '0697']);
  return `${prefix} ${two(r)} ${two(r)} ${two(r)}`;
}

function foreignMobile(r: SeededRandom): string {
  return r.pick([
    `+44 7${r.pick(['400', '500', '800', '900'])} ${r.int(100_000, 999_999)}`,
    `+49 151 ${r.int(1000, 9999)}${r.int(1000, 9999)}`,
    `+32 470 ${two(r)} ${two(r)} ${two(r)}`,
    `+41 79 ${r.int(100, 999)} ${two(r)} ${two(r)}`,
    `+34 612 ${r.int(100, 999)} ${r.int(100, 999)}`,
    `+1 415 555 0${r.int(100, 199)}`,
    `+212 6 ${r.pick(['61', '62', '66', '70'])} ${two(r)} ${two(r)} ${two(r)}`,
  ]);
}

function landline(r: SeededRandom): string {
  // 01–05, never 059x (the overseas departments' landlines).
  return `0${r.int(1, 5)} ${r.int(20, 58)} ${two(r)} ${two(r)} ${two(r)}`;
}

function invalid(r: SeededRandom): string {
  return r.pick([
    '06 12 34',
    '12345',
    '+33 7 00 00 00 00',
    'pas de tel',
    '06 12 34 56 78 90',
    '0000000000',
  ]);
}

/** A phone as typed at the counter, of the given kind (null for `none`). */
export function seedPhone(r: SeededRandom, kind: SeedPhoneKind): string | null {
  switch (kind) {
    case 'mobile':
      return frenchMobile(r);
    case 'overseas':
      return overseasMobile(r);
    case 'foreign':
      return foreignMobile(r);
    case 'landline':
      return landline(r);
    case 'invalid':
      return invalid(r);
    case 'none':
      return null;
  }
}

/** The mix of a walk-in counter in metropolitan France. */
export const WALK_IN_PHONE_MIX: ReadonlyArray<readonly [SeedPhoneKind, number]> = [
  ['mobile', 66],
  ['overseas', 7],
  ['foreign', 8],
  ['landline', 7],
  ['invalid', 6],
  ['none', 6],
];
