// The worker's validator against the official twilio SDK, in Node: 1,000 random requests
// signed by `twilio.getExpectedTwilioSignature` are accepted, and single-character tamperings
// of the URL, of a parameter and of the signature are rejected (exhaustively for the first
// requests, at random positions for the rest). Deterministic: a fixed-seed PRNG.
import { stringify } from 'node:querystring';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { type Prng, prng } from '../../test/support/prng.ts';
import type { TwilioParams } from './params.ts';
import { validateTwilioSignature } from './validate.ts';

const REQUESTS = 1000;
const EXHAUSTIVE = 25;
const RANDOM_POSITIONS = 3;
const FRAGMENT = 'rc=3&rp=ct,rt,5xx';

const ALNUM = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
const VALUE_CHARS = [
  ...ALNUM,
  ...' +-_.:/@,;!?\'"()[]{}%&=#*~',
  ...'éèêàçùôœÉÀ«»’…€',
  '📱',
  '👍🏽',
  '\n',
];
const BASE64 = [...ALNUM, '+', '/'];
const TWILIO_NAMES = [
  'AccountSid',
  'ApiVersion',
  'Body',
  'ButtonPayload',
  'ErrorCode',
  'From',
  'MediaUrl0',
  'MessageSid',
  'MessageStatus',
  'MessagingServiceSid',
  'NumMedia',
  'ProfileName',
  'RawDlrDoneDate',
  'SmsSid',
  'SmsStatus',
  'To',
  'WaId',
];

interface Case {
  token: string;
  /** The URL Twilio signed (may carry the fragment). */
  signedUrl: string;
  /** The URL the worker sees: normalised by the runtime, no fragment. */
  seenUrl: string;
  fragment: string | undefined;
  params: TwilioParams;
  signature: string;
}

function randomCase(r: Prng): Case {
  const scheme = r.chance(0.9) ? 'https' : 'http';
  const port = r.pick(['', '', '', ':443', ':80', ':8443']);
  const host = `${r.string([...'abcdefghijklmnopqrstuvwxyz0123456789'], 3, 12)}.example.test`;
  const path = r.pick(['/twilio/status', '/twilio/inbound', `/${r.string(ALNUM, 1, 10)}/hook`]);
  const query: Record<string, string | string[]> = {};
  if (r.chance(0.8)) query.n = r.string([...ALNUM, '_', '-'], 6, 24);
  for (let i = r.int(0, 3); i > 0; i--) query[r.string(ALNUM, 1, 6)] = r.string(VALUE_CHARS, 0, 12);
  // Twilio signs the query as configured; `querystring.stringify` leaves `'` and friends raw.
  const search = Object.keys(query).length > 0 ? `?${stringify(query)}` : '';
  const base = `${scheme}://${host}${port}${path}${search}`;
  const fragment = r.chance(0.3) ? FRAGMENT : undefined;
  const signedUrl = fragment && r.chance(0.5) ? `${base}#${fragment}` : base;
  const seenUrl = new URL(base).toString();

  const params: TwilioParams = {};
  for (let i = r.int(1, 14); i > 0; i--) {
    const name = r.chance(0.7) ? r.pick(TWILIO_NAMES) : r.string(ALNUM, 1, 10);
    params[name] = r.chance(0.15)
      ? Array.from({ length: r.int(2, 3) }, () => r.string(VALUE_CHARS, 0, 8))
      : r.string(VALUE_CHARS, 0, 40);
  }
  if (r.chance(0.2)) {
    const dup = r.string(VALUE_CHARS, 1, 5);
    params.Repeated = [dup, dup, r.string(VALUE_CHARS, 1, 5)];
  }
  const token = r.string(ALNUM, 32, 32);
  const signature = twilio.getExpectedTwilioSignature(token, signedUrl, params);
  return { token, signedUrl, seenUrl, fragment, params, signature };
}

function ours(c: Case, change: Partial<Case>): Promise<boolean> {
  const { token, seenUrl, params, signature, fragment } = { ...c, ...change };
  return validateTwilioSignature({ authToken: token, url: seenUrl, params, signature, fragment });
}

function replaceAt(text: string, index: number, replacement: string): string {
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

/** A character different from `original`, case-insensitively (case is not signed in hosts). */
function otherChar(r: Prng, alphabet: readonly string[], original: string): string {
  for (;;) {
    const candidate = r.pick(alphabet);
    if (candidate.toLowerCase() !== original.toLowerCase()) return candidate;
  }
}

function positions(r: Prng, length: number, exhaustive: boolean): number[] {
  if (exhaustive) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: Math.min(RANDOM_POSITIONS, length) }, () => r.int(0, length - 1));
}

/** Single-code-unit tamperings of one parameter's name or one of its values. */
function tamperedParams(r: Prng, params: TwilioParams, exhaustive: boolean): TwilioParams[] {
  const names = Object.keys(params);
  const name = r.pick(names);
  const value = params[name] ?? '';
  const out: TwilioParams[] = [];
  for (const i of positions(r, name.length, exhaustive)) {
    const renamed = replaceAt(name, i, otherChar(r, ALNUM, name[i] ?? ''));
    if (renamed in params) continue;
    const copy: TwilioParams = {};
    for (const key of names) copy[key === name ? renamed : key] = params[key] ?? '';
    out.push(copy);
  }
  const values = Array.isArray(value) ? value : [value];
  const which = r.int(0, values.length - 1);
  const target = values[which] ?? '';
  const units = [...target];
  if (units.length === 0) {
    // An empty value: tampering means giving it a character.
    const filled = values.map((v, k) => (k === which ? r.pick(ALNUM) : v));
    out.push({ ...params, [name]: Array.isArray(value) ? filled : (filled[0] ?? '') });
  }
  for (const i of positions(r, units.length, exhaustive)) {
    const original = units[i] ?? '';
    let replacement = r.pick(VALUE_CHARS);
    while (replacement === original) replacement = r.pick(VALUE_CHARS);
    const changed = [...units.slice(0, i), replacement, ...units.slice(i + 1)].join('');
    const next = values.map((v, k) => (k === which ? changed : v));
    // A repeated value equal to another one of the same name is deduplicated by design.
    if (
      Array.isArray(value) &&
      [...new Set(next)].sort().join() === [...new Set(values)].sort().join()
    ) {
      continue;
    }
    out.push({ ...params, [name]: Array.isArray(value) ? next : changed });
  }
  return out;
}

describe('validateTwilioSignature against the official twilio SDK', () => {
  const r = prng(0x0_6e6a);
  const cases = Array.from({ length: REQUESTS }, () => randomCase(r));

  it(`accepts ${REQUESTS} random requests signed by twilio.getExpectedTwilioSignature`, async () => {
    const rejected: Case[] = [];
    for (const c of cases) if (!(await ours(c, {}))) rejected.push(c);
    expect(rejected).toEqual([]);
    // The generator is not trivial: it exercised the fragment, port and legacy-query paths.
    expect(cases.filter((c) => c.signedUrl.includes('#')).length).toBeGreaterThan(50);
    expect(cases.filter((c) => c.signedUrl.includes(':443')).length).toBeGreaterThan(50);
    expect(cases.filter((c) => c.signedUrl.includes("'")).length).toBeGreaterThan(20);
    expect(cases.filter((c) => Object.values(c.params).some(Array.isArray)).length).toBeGreaterThan(
      100,
    );
  });

  it('agrees with twilio.validateRequest on every request signed without fragment', () => {
    for (const c of cases.filter((x) => !x.signedUrl.includes('#'))) {
      expect(twilio.validateRequest(c.token, c.signature, c.seenUrl, c.params)).toBe(true);
    }
  });

  it('rejects every single-character tampering of the signature', async () => {
    const accepted: string[] = [];
    for (const [index, c] of cases.entries()) {
      for (const i of positions(r, c.signature.length, index < EXHAUSTIVE)) {
        const signature = replaceAt(c.signature, i, otherChar(r, BASE64, c.signature[i] ?? ''));
        if (await ours(c, { signature })) accepted.push(`${c.signature} → ${signature}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('rejects every single-character tampering of the URL (and agrees with twilio-node)', async () => {
    const accepted: string[] = [];
    let checked = 0;
    for (const [index, c] of cases.entries()) {
      for (const i of positions(r, c.seenUrl.length, index < EXHAUSTIVE)) {
        const seenUrl = replaceAt(c.seenUrl, i, otherChar(r, ALNUM, c.seenUrl[i] ?? ''));
        checked++;
        if (await ours(c, { seenUrl })) accepted.push(`${c.seenUrl} → ${seenUrl}`);
        if (!c.fragment && URL.canParse(seenUrl)) {
          expect(twilio.validateRequest(c.token, c.signature, seenUrl, c.params)).toBe(false);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(checked).toBeGreaterThan(REQUESTS * RANDOM_POSITIONS);
  });

  it('rejects every single-character tampering of a parameter name or value', async () => {
    const accepted: string[] = [];
    let checked = 0;
    for (const [index, c] of cases.entries()) {
      for (const params of tamperedParams(r, c.params, index < EXHAUSTIVE)) {
        checked++;
        if (await ours(c, { params }))
          accepted.push(JSON.stringify({ was: c.params, now: params }));
      }
    }
    expect(accepted).toEqual([]);
    expect(checked).toBeGreaterThan(REQUESTS * 2);
  });
});
