import { NOTIFICATION_KINDS } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { whatsappContentTemplate } from './content-template.ts';
import { LOCALES } from './locale.ts';
import { renderOrThrow } from './render.ts';
import { sampleVariables } from './samples.ts';

/**
 * The exact output of every template on every channel, French and English, with the sample
 * variables (plus a long-name/long-device case for SMS, to pin the budget's choices).
 * Review the snapshot diff whenever wording changes.
 */
describe.each(LOCALES)('exact output (%s)', (locale) => {
  it.each(NOTIFICATION_KINDS)('%s', (kind) => {
    const vars = sampleVariables(kind, locale);
    const options = { locale };
    const hard = {
      ...vars,
      ...('firstName' in vars ? { firstName: 'Marie-Hélène' } : {}),
      ...('device' in vars ? { device: 'Samsung Galaxy Z Fold6 5G 512 Go' } : {}),
    };
    const email = renderOrThrow(kind, 'email', vars, options);
    expect({
      sms: renderOrThrow(kind, 'sms', vars, options).text,
      smsLongNames: renderOrThrow(kind, 'sms', hard, options).text,
      whatsappFreeText: renderOrThrow(kind, 'whatsapp', vars, options).text,
      whatsappTemplate: whatsappContentTemplate(kind, locale),
      emailSubject: email.subject,
      emailText: email.text,
      push: renderOrThrow(kind, 'push', vars, options),
    }).toMatchSnapshot();
  });

  it('email HTML layout', () => {
    expect(
      renderOrThrow('status_completed', 'email', sampleVariables('status_completed', locale), {
        locale,
      }).html,
    ).toMatchSnapshot();
  });
});
