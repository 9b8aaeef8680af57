import { describe, expect, it } from 'vitest';
import { statusCallbackUrl } from './status-callback.ts';

describe('statusCallbackUrl', () => {
  it.each([
    [
      'https://hooks.omega.fr',
      'T1_sms_0123abcd',
      'https://hooks.omega.fr/twilio/status?n=T1_sms_0123abcd#rc=3&rp=ct,rt,5xx',
    ],
    [
      'https://hooks.omega.fr/',
      'T1_sms_0123abcd',
      'https://hooks.omega.fr/twilio/status?n=T1_sms_0123abcd#rc=3&rp=ct,rt,5xx',
    ],
    [
      'http://127.0.0.1:8787',
      'a-b_whatsapp_ff',
      'http://127.0.0.1:8787/twilio/status?n=a-b_whatsapp_ff#rc=3&rp=ct,rt,5xx',
    ],
  ])('%s + %s → %s', (base, id, expected) => {
    expect(statusCallbackUrl(base, id)).toBe(expected);
  });

  it('keeps the id recoverable from the query as the worker sees it (fragment stripped)', () => {
    const url = new URL(statusCallbackUrl('https://x.example', 'T-9_email_00'));
    expect(url.searchParams.get('n')).toBe('T-9_email_00');
    expect(url.hash).toBe('#rc=3&rp=ct,rt,5xx');
  });
});
