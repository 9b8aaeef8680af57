import type { ShrinkStep } from '../definition.ts';
import { BRAND } from '../locale.ts';

/** The SMS prefix: the brand, never shortened. */
export const SMS_BRAND = `${BRAND} : `;
/** The English SMS prefix. */
export const SMS_BRAND_EN = `${BRAND}: `;

/** "Bonjour Marie, " or "Bonjour, " when the name is absent or budgeted away. */
export function bonjour(firstName: string | undefined): string {
  return firstName ? `Bonjour ${firstName}, ` : 'Bonjour, ';
}

/** "Hello Marie, " or "Hello, ". */
export function hello(firstName: string | undefined): string {
  return firstName ? `Hello ${firstName}, ` : 'Hello, ';
}

/** "Bonjour Marie," as a paragraph of its own. */
export function bonjourLine(firstName: string | undefined): string {
  return firstName ? `Bonjour ${firstName},` : 'Bonjour,';
}

/** "Hello Marie," as a paragraph of its own. */
export function helloLine(firstName: string | undefined): string {
  return firstName ? `Hello ${firstName},` : 'Hello,';
}

/**
 * The usual SMS budget for templates with a name and a device: first drop the device's
 * trailing details, then shorten the name, then the device further, then drop the name.
 */
export const NAME_AND_DEVICE_SHRINK: readonly ShrinkStep[] = [
  ['device', 20],
  ['firstName', 10],
  ['device', 12],
  ['firstName', 0],
  ['device', 6],
];

/** The budget for templates with a name but no device. */
export const NAME_SHRINK: readonly ShrinkStep[] = [
  ['firstName', 10],
  ['firstName', 0],
];
