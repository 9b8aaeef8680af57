import type { SandboxChannel } from './addresses.ts';

/** A destination whose outcome is fixed, in the spirit of Twilio's test credentials. */
export interface MagicNumber {
  /** E.164 number (a valid French mobile, checked by a test). */
  number: string;
  /** Channel it applies to. */
  channel: SandboxChannel | 'any';
  /** `sync`: the create request fails (HTTP 400); `callback`: the message fails later. */
  path: 'sync' | 'callback';
  /** Final status reported by callback (for `path: 'callback'`). */
  status?: 'undelivered' | 'failed';
  code: number;
  description: string;
}

/** Twilio's wording for the error codes the sandbox produces. */
export const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  30003: 'Unreachable destination handset',
  30005: 'Unknown destination handset',
  30007: 'Message filtered',
  30036: 'Validity Period Expired',
  63016:
    'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.',
  63024: 'Invalid message recipient',
};

/** Every magic destination, as documented in the README. */
export const MAGIC_NUMBERS: readonly MagicNumber[] = [
  {
    number: '+33600000003',
    channel: 'any',
    path: 'callback',
    status: 'undelivered',
    code: 30003,
    description: 'Unreachable handset (phone off, no signal)',
  },
  {
    number: '+33600000005',
    channel: 'any',
    path: 'callback',
    status: 'undelivered',
    code: 30005,
    description: 'Unknown handset (number not in service)',
  },
  {
    number: '+33600000007',
    channel: 'any',
    path: 'callback',
    status: 'undelivered',
    code: 30007,
    description: 'Carrier filtered',
  },
  {
    number: '+33600000024',
    channel: 'whatsapp',
    path: 'callback',
    status: 'failed',
    code: 63024,
    description: 'Not on WhatsApp (SMS to this number is delivered)',
  },
  {
    number: '+33600000016',
    channel: 'whatsapp',
    path: 'callback',
    status: 'failed',
    code: 63016,
    description:
      'WhatsApp free text (Body) always outside the 24 h window, even with the window check off; ContentSid sends are delivered',
  },
  {
    number: '+33600000610',
    channel: 'any',
    path: 'sync',
    code: 21610,
    description: 'Opted out (as if the customer had replied STOP)',
  },
];

/** An asynchronous failure: the final status and its error code. */
export interface PlannedFailure {
  status: 'undelivered' | 'failed';
  code: number;
}

/**
 * The asynchronous failure a magic destination calls for, if any. `freeText` is true for a
 * `Body` send and false for a `ContentSid` (template) send, which the 63016 number lets through.
 */
export function magicFailure(
  channel: SandboxChannel,
  number: string,
  freeText: boolean,
): PlannedFailure | null {
  const magic = MAGIC_NUMBERS.find(
    (m) =>
      m.path === 'callback' &&
      m.number === number &&
      (m.channel === 'any' || m.channel === channel),
  );
  if (!magic?.status) return null;
  if (magic.code === 63016 && !freeText) return null;
  return { status: magic.status, code: magic.code };
}

/** Numbers that are opted out from the start (21610). */
export const MAGIC_OPTED_OUT: readonly string[] = MAGIC_NUMBERS.filter((m) => m.code === 21610).map(
  (m) => m.number,
);
