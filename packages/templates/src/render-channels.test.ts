import { CHANNELS, NOTIFICATION_KINDS } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from './catalog/index.ts';
import { generateCorpus } from './corpus/corpus.ts';
import { LOCALES } from './locale.ts';
import { checkWhatsAppTemplateBody } from './meta-rules.ts';
import { render, renderOrThrow } from './render.ts';
import { renderEmail } from './render-email.ts';
import { renderPush } from './render-push.ts';
import { renderWhatsApp } from './render-whatsapp.ts';
import { sampleVariables } from './samples.ts';

const corpus = generateCorpus({ size: 660 });
const EMOJI = /\p{Extended_Pictographic}/u;

describe('every template × channel × language', () => {
  const cells = NOTIFICATION_KINDS.flatMap((kind) =>
    CHANNELS.flatMap((channel) => LOCALES.map((locale) => [kind, channel, locale] as const)),
  );

  it.each(cells)('%s renders on %s in %s', (kind, channel, locale) => {
    const result = render(kind, channel, sampleVariables(kind, locale), { locale });
    expect(result.ok).toBe(true);
    const text = JSON.stringify(result.ok ? result.value : null);
    expect(text).not.toMatch(/undefined|null|NaN|\$\{/);
  });

  it.each(NOTIFICATION_KINDS)('%s has an English variant that is not the French text', (kind) => {
    const fr = TEMPLATES[kind].locales.fr;
    const en = TEMPLATES[kind].locales.en;
    const vars = sampleVariables(kind, 'en');
    const sms = (l: 'fr' | 'en') => renderOrThrow(kind, 'sms', vars, { locale: l }).text;
    expect(sms('en')).not.toBe(sms('fr'));
    expect(en.whatsappBody).not.toBe(fr.whatsappBody);
    expect(renderOrThrow(kind, 'email', vars, { locale: 'en' }).subject).not.toBe(
      renderOrThrow(kind, 'email', vars, { locale: 'fr' }).subject,
    );
    // Staff text is the staff's own words in both languages: compare title and body together.
    const push = (l: 'fr' | 'en') => renderOrThrow(kind, 'push', vars, { locale: l });
    expect(push('en')).not.toEqual(push('fr'));
  });

  it('keeps emoji out of SMS and puts them on WhatsApp, push and email', () => {
    for (const c of corpus) {
      const options = { locale: c.locale };
      expect(renderOrThrow(c.kind, 'sms', c.vars as never, options).text).not.toMatch(EMOJI);
      expect(renderOrThrow(c.kind, 'whatsapp', c.vars as never, options).text).toMatch(EMOJI);
      expect(renderOrThrow(c.kind, 'push', c.vars as never, options).title).toMatch(EMOJI);
      expect(renderOrThrow(c.kind, 'email', c.vars as never, options).html).toMatch(EMOJI);
    }
  });

  it('returns missing_variable from every renderer, and renderOrThrow throws it', () => {
    const vars = { device: 'iPhone 13' } as never;
    for (const channel of CHANNELS) {
      const result = render('status_completed', channel, vars);
      expect(result.ok ? null : [result.error.code, result.error.variable]).toEqual([
        'missing_variable',
        'link',
      ]);
    }
    expect(() => renderOrThrow('status_completed', 'email', vars)).toThrow(/"link"/);
  });

  it('fails with unknown_channel and unknown_locale for untyped callers', () => {
    const vars = sampleVariables('reply_opt_in');
    const channel = render('reply_opt_in', 'fax' as 'sms', vars);
    expect(channel.ok ? null : channel.error.code).toBe('unknown_channel');
    const locale = render('reply_opt_in', 'sms', vars, { locale: 'de' as 'fr' });
    expect(locale.ok ? null : locale.error.code).toBe('unknown_locale');
  });
});

describe('renderWhatsApp', () => {
  it('fills the content template with the mapped variables and button payloads carrying the ticket id', () => {
    const wa = renderWhatsApp('status_quote_pending', {
      firstName: 'Zoé',
      device: 'iPhone 15 Pro Max 256 Go',
      amountEur: 149,
      link: 'https://omega.fr/t/Ab3xK9pQ',
      ticketId: 'T1cket_42',
    });
    expect(wa.ok).toBe(true);
    if (!wa.ok) return;
    expect(wa.value.template).toEqual({
      friendlyName: 'omega_status_quote_pending_fr_v1',
      contentVariables: {
        '1': 'iPhone 15 Pro Max 256 Go',
        '2': '149 €',
        '3': 'https://omega.fr/t/Ab3xK9pQ',
        '4': 'T1cket_42',
      },
      body: "Bonjour, le devis pour la réparation de votre iPhone 15 Pro Max 256 Go s'élève à 149 €. Nous attendons votre accord pour commencer. Détails du devis : https://omega.fr/t/Ab3xK9pQ Répondez avec l'un des boutons ci-dessous.",
      buttonPayloads: [
        'ticket:T1cket_42:quote_accept',
        'ticket:T1cket_42:quote_decline',
        'ticket:T1cket_42:call_me',
      ],
    });
  });

  it('keeps accents and full names in free text (no transliteration, no budget)', () => {
    const wa = renderOrThrow('status_completed', 'whatsapp', {
      firstName: 'Marie-Hélène',
      device: 'Samsung Galaxy Z Fold6 5G 512 Go',
      link: 'https://omega.fr/t/Ab3xK9pQ',
      ticketId: 't1',
      shopCoordinates: '48.8651,2.3692',
    });
    expect(wa.text).toContain('Bonjour Marie-Hélène,');
    expect(wa.text).toContain('Samsung Galaxy Z Fold6 5G 512 Go');
    expect(wa.text).toContain('prêt');
  });

  it('never sends a content variable with a new line or a tab, and filled bodies still read as text', () => {
    for (const c of corpus) {
      const wa = renderOrThrow(c.kind, 'whatsapp', c.vars as never, { locale: c.locale });
      for (const value of Object.values(wa.template.contentVariables)) {
        expect(value.trim()).not.toBe('');
        expect(value).not.toMatch(/[\n\t]| {5,}/);
      }
      expect(wa.template.body).not.toMatch(/\{\{\d+\}\}/);
      expect(checkWhatsAppTemplateBody(TEMPLATES[c.kind].locales[c.locale].whatsappBody)).toEqual(
        [],
      );
    }
  });
});

describe('renderEmail', () => {
  it('escapes variables in the HTML and keeps them raw in the text part', () => {
    const email = renderEmail('status_in_repair', {
      firstName: 'Zoé & <Léa>',
      device: '<script>alert("x")</script> iPhone',
      link: 'https://omega.fr/t/Ab3xK9pQ',
    });
    expect(email.ok).toBe(true);
    if (!email.ok) return;
    expect(email.value.html).not.toContain('<script>');
    expect(email.value.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; iPhone');
    expect(email.value.html).toContain('Bonjour Zoé &amp; &lt;Léa&gt;,');
    expect(email.value.text).toContain('<script>alert("x")</script> iPhone');
    expect(email.value.html).toContain('<a href="https://omega.fr/t/Ab3xK9pQ"');
    expect(email.value.subject).toBe("Réparation en cours - O'MEGA Services");
  });

  it('does not repeat the brand in the subject when the title has it', () => {
    const email = renderOrThrow('walk_in_welcome', 'email', sampleVariables('walk_in_welcome'));
    expect(email.subject).toBe("Bienvenue chez O'MEGA Services");
  });
});

describe('renderPush', () => {
  it('has a title with an emoji, a body and the link to open', () => {
    const push = renderPush('status_completed', sampleVariables('status_completed'));
    expect(push).toEqual({
      ok: true,
      value: {
        title: '✅ Réparation terminée',
        body: 'La réparation de votre iPhone 13 est terminée : votre appareil est prêt.',
        link: 'https://omega.fr/t/Ab3xK9pQ',
      },
    });
  });

  it('has no link when the template has none', () => {
    const push = renderOrThrow('reply_opt_in', 'push', {});
    expect(push.link).toBeUndefined();
  });
});
