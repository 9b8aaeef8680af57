import { countSegments, isGsm7, NOTIFICATION_KINDS, TICKET_STATUSES } from '@omega/core';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { BOUND_VARIABLES } from './bounds.ts';
import { TEMPLATES } from './catalog/index.ts';
import { generateCorpus } from './corpus/corpus.ts';
import { SHORT_LINK_MAX_LENGTH } from './links.ts';
import { BRAND, LOCALES } from './locale.ts';
import { renderSms } from './render-sms.ts';
import { sampleVariables } from './samples.ts';
import { prepareTemplate } from './texts.ts';
import { TEMPLATE_VARIABLES, VARIABLE_SPECS } from './variables.ts';

const corpus = generateCorpus();
const rendered = corpus.map((c) => {
  const result = renderSms(c.kind, c.vars as never, { locale: c.locale });
  if (!result.ok) throw result.error;
  return { case: c, sms: result.value };
});

const LINK = /https:\/\/\S+/g;

describe('renderSms over the corpus', () => {
  it('renders every case in exactly one GSM-7 segment (checked with core and with Twilio’s calculator)', () => {
    const over = rendered.filter(({ sms }) => sms.segments !== 1 || sms.encoding !== 'GSM-7');
    expect(over.map(({ sms }) => sms.text)).toEqual([]);
    for (const { sms } of rendered) {
      const twilio = new SegmentedMessage(sms.text, 'auto');
      expect(twilio.segmentsCount).toBe(1);
      expect(twilio.encodingName).toBe('GSM-7');
      expect(sms.nonGsmCharacters).toEqual([]);
    }
  }, 60_000);

  it('starts with the brand, carries at most one link, intact and with nothing glued to it', () => {
    for (const { case: c, sms } of rendered) {
      expect(sms.text.startsWith(BRAND)).toBe(true);
      const links = sms.text.match(LINK) ?? [];
      expect(links.length).toBeLessThanOrEqual(1);
      // The survey's thanks carries the shop's review page instead of the short link, the
      // ADRESSE answer the maps link.
      const link =
        'link' in c.vars
          ? c.vars.link
          : 'reviewUrl' in c.vars
            ? c.vars.reviewUrl
            : 'mapsUrl' in c.vars
              ? c.vars.mapsUrl
              : undefined;
      if (link) expect(links).toEqual([link]);
      else expect(links).toEqual([]);
    }
  });

  it('never shows undefined, null, NaN or a dangling placeholder', () => {
    for (const { sms } of rendered) {
      expect(sms.text).not.toMatch(/undefined|null|NaN|\{\{|\$\{|\s[,.]| {2}/);
    }
  });

  it('reports each shortening truthfully', () => {
    let shortened = 0;
    for (const { sms } of rendered) {
      for (const t of sms.truncated) {
        shortened += 1;
        expect(t.to.length).toBeLessThan(t.from.length);
        if (t.to !== '') expect(sms.text).toContain(t.to);
        expect(VARIABLE_SPECS[t.variable].type).toBe('text');
      }
    }
    expect(shortened).toBeGreaterThan(0);
  });

  it('shortens only when the full text would not fit one segment', () => {
    let checked = 0;
    for (const { case: c, sms } of rendered) {
      const prepared = prepareTemplate(c.kind, c.vars, { locale: c.locale }, true);
      if (!prepared.ok) throw prepared.error;
      const write = TEMPLATES[c.kind].locales[c.locale].sms as (v: unknown) => string;
      const full = write(prepared.value.texts);
      if (sms.truncated.length === 0) {
        expect(sms.text).toBe(full);
      } else {
        checked += 1;
        expect(countSegments(full).segments).toBeGreaterThan(1);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('renderSms at the bounds', () => {
  const worst: Record<string, unknown> = { ...BOUND_VARIABLES };

  it('uses the longest link the validator accepts', () => {
    expect((worst.link as string).length).toBe(SHORT_LINK_MAX_LENGTH);
  });

  it.each(NOTIFICATION_KINDS.flatMap((kind) => LOCALES.map((locale) => [kind, locale] as const)))(
    '%s (%s) still fits one segment with every variable at its maximum',
    (kind, locale) => {
      const statuses = (TEMPLATE_VARIABLES[kind].required as readonly string[]).includes('status')
        ? TICKET_STATUSES
        : ['received' as const];
      for (const status of statuses) {
        const result = renderSms(kind, { ...worst, status } as never, { locale });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.value.segments).toBe(1);
        expect(result.value.encoding).toBe('GSM-7');
        if ('link' in TEMPLATE_VARIABLES[kind]) expect(result.value.text).toContain(worst.link);
      }
    },
  );
});

describe('renderSms wording', () => {
  it.each(NOTIFICATION_KINDS.flatMap((kind) => LOCALES.map((locale) => [kind, locale] as const)))(
    'the static text of %s (%s) is GSM-7 by design',
    (kind, locale) => {
      // ASCII-only variables: any non-GSM character left would come from the template itself.
      const vars: Record<string, unknown> = { ...sampleVariables(kind, locale) };
      for (const [name, value] of Object.entries(vars)) {
        if (typeof value === 'string' && name !== 'link')
          vars[name] = value.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
      }
      const write = TEMPLATES[kind].locales[locale].sms as (v: Record<string, string>) => string;
      const text = write(Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)])));
      expect(isGsm7(text), text).toBe(true);
    },
  );

  it('transliterates names and devices instead of switching to UCS-2', () => {
    const vars = {
      firstName: 'Françoise',
      device: 'Huawei « reconditionné » 📱',
      link: 'https://omega.fr/t/Ab3xK9pQ',
    };
    const sms = renderSms('status_in_repair', vars);
    expect(sms.ok && sms.value.text).toBe(
      'O\'MEGA Services : Bonjour Francoise, la réparation de votre Huawei " reconditionné " est en cours. Suivi : https://omega.fr/t/Ab3xK9pQ',
    );
  });

  it('without transliteration, reports UCS-2, the culprits and the real segment count', () => {
    // "Bâton" cannot be shortened away (the device keeps at least its first word).
    const vars = {
      firstName: 'Françoise',
      device: 'Bâton Galaxy Z Fold6 5G 512 Go',
      link: 'https://omega.fr/t/Ab3xK9pQ',
    };
    const sms = renderSms('status_in_repair', vars, { transliterate: false });
    expect(sms.ok).toBe(true);
    if (!sms.ok) return;
    expect(sms.value.encoding).toBe('UCS-2');
    expect(sms.value.nonGsmCharacters).toContain('â');
    expect(sms.value.segments).toBe(countSegments(sms.value.text).segments);
    expect(sms.value.segments).toBeGreaterThan(1);
  });

  it('drops an unprintable first name rather than leaving a gap', () => {
    const sms = renderSms('status_in_repair', {
      firstName: '李小龙',
      device: 'iPhone 13',
      link: 'https://omega.fr/t/Ab3xK9pQ',
    });
    expect(sms.ok && sms.value.text).toMatch(/^O'MEGA Services : Bonjour, la réparation/);
  });

  it('rejects a required text that has no GSM-7 character at all', () => {
    const sms = renderSms('status_in_repair', {
      device: '📱📱',
      link: 'https://omega.fr/t/Ab3xK9pQ',
    });
    expect(sms.ok ? null : [sms.error.code, sms.error.variable]).toEqual([
      'invalid_variable',
      'device',
    ]);
  });

  it('cuts a long staff message at a word with "..." and keeps brand and link', () => {
    const message =
      'Nous avons trouvé un second défaut sur le connecteur de charge, oxydé. Le devis passe à 129 € : êtes-vous d’accord ? Sans réponse de votre part, nous remontons l’appareil en l’état.';
    const sms = renderSms('staff_urgent', {
      staffMessage: message,
      link: 'https://omega.fr/t/Ab3xK9pQ',
    });
    expect(sms.ok).toBe(true);
    if (!sms.ok) return;
    expect(sms.value.segments).toBe(1);
    expect(sms.value.text).toMatch(
      /^O'MEGA Services : Nous avons trouvé .*\.\.\. https:\/\/omega\.fr\/t\/Ab3xK9pQ$/,
    );
    expect(sms.value.truncated).toHaveLength(1);
    expect(sms.value.truncated[0]?.variable).toBe('staffMessage');
    expect(sms.value.truncated[0]?.from).toContain("etes-vous d'accord");
  });
});
