import { NOTIFICATION_KINDS } from '@omega/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { TemplateError } from './errors.ts';
import { render } from './render.ts';
import { sampleVariables } from './samples.ts';
import { checkVariables, TEMPLATE_VARIABLES, type TemplateVariables } from './variables.ts';

const everyRequired = NOTIFICATION_KINDS.flatMap((kind) =>
  TEMPLATE_VARIABLES[kind].required.map((name) => [kind, name] as const),
);

describe('TemplateVariables (compile time)', () => {
  it('requires each template’s variables and only allows known ones', () => {
    expectTypeOf<TemplateVariables<'status_completed'>>().toEqualTypeOf<{
      device: string;
      link: string;
      ticketId: string;
      shopCoordinates: string;
      firstName?: string | undefined;
      mapsUrl?: string | undefined;
    }>();
    expectTypeOf<keyof TemplateVariables<'reply_opt_in'>>().toEqualTypeOf<never>();
    expectTypeOf<TemplateVariables<'status_quote_pending'>['amountEur']>().toEqualTypeOf<number>();
    expectTypeOf<TemplateVariables<'appointment_changed'>['appointmentAt']>().toEqualTypeOf<Date>();
  });

  it('rejects a call with a missing variable at compile time (and at runtime)', () => {
    // @ts-expect-error `link` and `ticketId` are missing: this line must not compile.
    const result = render('status_completed', 'sms', { device: 'iPhone 13' });
    expect(result.ok).toBe(false);
  });
});

describe('checkVariables', () => {
  it.each(everyRequired)('%s fails with missing_variable when "%s" is absent', (kind, name) => {
    const vars: Record<string, unknown> = { ...sampleVariables(kind) };
    delete vars[name];
    const result = checkVariables(kind, vars);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(TemplateError);
    expect(result.error.code).toBe('missing_variable');
    expect(result.error.variable).toBe(name);
    expect(result.error.message).toContain(`"${name}"`);
    expect(result.error.message).toContain(kind);
  });

  it.each(
    everyRequired.filter(([, name]) =>
      ['device', 'shopHours', 'staffMessage', 'link'].includes(name),
    ),
  )('%s treats a blank or null "%s" as missing', (kind, name) => {
    for (const blank of ['', '   ', null]) {
      const result = checkVariables(kind, { ...sampleVariables(kind), [name]: blank });
      expect(result.ok ? null : result.error.code).toBe('missing_variable');
    }
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['link', { link: 'https://omega.fr/track?token=eyJhbGciOiJIUzI1NiJ9.x.y' }, 'link'],
    ['link', { link: 'omega.fr/t/Ab3xK9pQ' }, 'link'],
    ['amount', { amountEur: -1 }, 'amountEur'],
    ['amount', { amountEur: Number.NaN }, 'amountEur'],
    ['amount', { amountEur: '89,90' }, 'amountEur'],
    ['device', { device: 42 }, 'device'],
    ['device', { device: 'x'.repeat(101) }, 'device'],
    ['ticket id', { ticketId: 'a/b' }, 'ticketId'],
  ])('rejects a bad %s as invalid_variable', (_what, patch, variable) => {
    const base = sampleVariables('status_quote_pending');
    const result = checkVariables('status_quote_pending', { ...base, ...patch });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_variable');
    expect(result.error.variable).toBe(variable);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['pickup_reminder_final', { storageDays: 0 }, 'storageDays'],
    ['pickup_reminder_2', { daysWaiting: 2.5 }, 'daysWaiting'],
    [
      'pickup_reminder_1',
      { shopHours: 'du lundi au samedi de 9h30 à 19h00 sans interruption' },
      'shopHours',
    ],
    ['appointment_changed', { appointmentAt: new Date('nope') }, 'appointmentAt'],
    ['appointment_changed', { appointmentAt: '2025-03-11' }, 'appointmentAt'],
    ['reply_status', { status: 'lost' }, 'status'],
    ['walk_in_welcome', { trackingCode: 'OM 2411 0042' }, 'trackingCode'],
  ])('%s rejects %j', (kind, patch, variable) => {
    const result = checkVariables(kind as 'reply_status', {
      ...sampleVariables(kind as 'reply_status'),
      ...patch,
    });
    expect(result.ok ? null : [result.error.code, result.error.variable]).toEqual([
      'invalid_variable',
      variable,
    ]);
  });

  it('normalises whitespace, drops blank optional variables and rounds amounts', () => {
    const result = checkVariables('status_quote_pending', {
      ...sampleVariables('status_quote_pending'),
      firstName: '   ',
      device: '  iPhone \n 13  ',
      amountEur: 89.899,
      unrelated: 'ignored',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        device: 'iPhone 13',
        amountEur: 89.9,
        link: 'https://omega.fr/t/Ab3xK9pQ',
        ticketId: 'k3Jd9QpL2xVb7RtY0aZe',
      },
    });
  });

  it('fails with unknown_template for an id that is not a notification kind', () => {
    const result = checkVariables('status_lost' as 'reply_opt_in', {});
    expect(result.ok ? null : result.error.code).toBe('unknown_template');
  });
});
