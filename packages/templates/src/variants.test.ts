import type { NotificationKind } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from './catalog/index.ts';
import { LOCALES } from './locale.ts';
import { sampleVariables } from './samples.ts';
import {
  catalogueWording,
  checkVariant,
  renderSmsVariant,
  renderWhatsAppVariant,
  VARIANT_CHANNELS,
  type VariantRule,
  variantContentTemplate,
  type WordingVariant,
} from './variants.ts';

const KINDS = Object.keys(TEMPLATES) as NotificationKind[];

const sms = (text: string, kind: NotificationKind = 'status_completed'): WordingVariant => ({
  kind,
  channel: 'sms',
  locale: 'fr',
  text,
});
const whatsapp = (text: string, kind: NotificationKind = 'status_completed'): WordingVariant => ({
  kind,
  channel: 'whatsapp',
  locale: 'fr',
  text,
});

function refusals(variant: WordingVariant): Array<[VariantRule, string]> {
  const result = checkVariant(variant);
  return result.ok ? [] : result.error.violations.map((v) => [v.rule, v.message]);
}

describe('checkVariant: the catalogue passes its own rules', () => {
  it.each(
    KINDS.flatMap((kind) =>
      LOCALES.flatMap((locale) =>
        VARIANT_CHANNELS.map((channel) => [kind, channel, locale] as const),
      ),
    ),
  )('%s %s (%s)', (kind, channel, locale) => {
    const text = catalogueWording(kind, channel, locale);
    expect(refusals({ kind, channel, locale, text })).toEqual([]);
  });
});

describe('checkVariant: each refused rule with its message', () => {
  const good = "O'MEGA Services : votre {device} est réparé, passez quand vous voulez. {link}";

  it('accepts a good SMS and tells its worst case', () => {
    const result = checkVariant(sms(good));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.variables).toEqual(['device', 'link']);
    expect(result.value.worstCase?.segments).toBe(1);
  });

  it.each<[string, WordingVariant, VariantRule, string]>([
    ['empty', sms('   '), 'empty', 'Le texte est vide.'],
    [
      'too long',
      sms(`O'MEGA Services : ${'a'.repeat(1100)} {link}`),
      'too_long',
      'plus que les 1024 acceptés',
    ],
    [
      'brand not first',
      sms('Votre {device} est réparé. {link}'),
      'brand_first',
      "commencer par le nom de la boutique, « O'MEGA Services »",
    ],
    [
      'link missing',
      sms("O'MEGA Services : votre {device} est réparé."),
      'missing_link',
      'Le lien {link} manque',
    ],
    [
      'two links',
      sms("O'MEGA Services : {link} votre {device} est réparé. {link}"),
      'several_links',
      '{link} apparaît 2 fois',
    ],
    [
      'link not last',
      sms("O'MEGA Services : suivi {link} de votre {device}."),
      'link_not_last',
      'Le lien {link} doit terminer le SMS',
    ],
    [
      'something glued to the link',
      sms("O'MEGA Services : votre {device} est réparé. {link}."),
      'link_not_last',
      'doit terminer le SMS',
    ],
    [
      'a URL in clear',
      sms("O'MEGA Services : votre {device} est réparé, voir https://omega.fr/promo {link}"),
      'literal_link',
      'Pas d’adresse web écrite en clair',
    ],
    [
      'not GSM-7',
      sms("O'MEGA Services : votre {device} est prêt, à bientôt ! {link}"),
      'not_gsm7',
      '« ê » (écrire « e »)',
    ],
    [
      'an emoji',
      sms("O'MEGA Services : votre {device} est réparé 🎉 {link}"),
      'not_gsm7',
      '« 🎉 » (à retirer)',
    ],
    [
      'over one segment at the limits',
      sms(
        "O'MEGA Services : Bonjour {firstName}, la réparation de votre {device} est terminée, vous pouvez venir le récupérer en boutique aux heures d'ouverture habituelles. {link}",
      ),
      'over_one_segment',
      'le SMS fait 2 segments',
    ],
    [
      'promotion',
      sms("O'MEGA Services : votre {device} est réparé. Profitez de -20 % sur les coques ! {link}"),
      'promotion',
      'retirez « profitez », « -20 % »',
    ],
    [
      'promotion in English',
      sms("O'MEGA Services: your {device} is ready. Free screen protector! {link}"),
      'promotion',
      '« free »',
    ],
    [
      'unknown variable',
      sms("O'MEGA Services : votre {appareil} est réparé. {link}"),
      'unknown_variable',
      'Variable inconnue {appareil}',
    ],
    [
      'a variable the template lacks',
      sms("O'MEGA Services : {amountEur} pour votre {device}. {link}"),
      'variable_not_allowed',
      'Ce modèle n’a pas la variable {amountEur}',
    ],
    [
      'the ticket id shown',
      sms("O'MEGA Services : dossier {ticketId}, {device} réparé. {link}"),
      'variable_not_allowed',
      '{ticketId} est l’identifiant interne',
    ],
    [
      'a stray brace',
      sms("O'MEGA Services : votre {{device}} est réparé. {link}"),
      'malformed_placeholder',
      'Accolade isolée',
    ],
    [
      'WhatsApp: starts with a variable',
      whatsapp('{device} réparé, suivi : {link} Merci de votre confiance.'),
      'starts_with_variable',
      'ne peut pas commencer par une variable',
    ],
    [
      'WhatsApp: ends with a variable',
      whatsapp('Bonjour, votre {device} est réparé. Suivi : {link}'),
      'ends_with_variable',
      'ne peut pas finir par une variable',
    ],
    [
      'WhatsApp: adjacent variables',
      whatsapp('Bonjour, votre {device} {link} est réparé, à bientôt.'),
      'adjacent_variables',
      'Deux variables se suivent sans mot',
    ],
    [
      'WhatsApp: first name',
      whatsapp('Bonjour {firstName}, votre {device} est réparé. Suivi : {link} Merci.'),
      'variable_not_allowed',
      'Pas de {firstName} dans un modèle WhatsApp',
    ],
    [
      'WhatsApp: promotion',
      whatsapp(
        'Bonjour, votre {device} est réparé. Code promo pour la prochaine fois ! Suivi : {link} Merci.',
      ),
      'promotion',
      '« code promo »',
    ],
    [
      'WhatsApp: link missing',
      whatsapp('Bonjour, votre {device} est réparé. Merci.'),
      'missing_link',
      'Le lien {link} manque',
    ],
    [
      'WhatsApp: too long',
      whatsapp(`Bonjour, votre {device} ${'a'.repeat(1100)} {link} Merci.`),
      'too_long',
      'plus que les 1024 acceptés',
    ],
  ])('%s', (_label, variant, rule, message) => {
    const found = refusals(variant);
    const match = found.find(([r]) => r === rule);
    expect(match, JSON.stringify(found)).toBeDefined();
    expect(match?.[1]).toContain(message);
  });

  it('a lone brand and link without device is fine where the template has no device', () => {
    expect(
      refusals(
        sms("O'MEGA Services : nouveau créneau le {appointmentAt}. {link}", 'appointment_changed'),
      ),
    ).toEqual([]);
  });

  it('reply_status with {status} is checked at every status', () => {
    const result = checkVariant({
      kind: 'reply_status',
      channel: 'sms',
      locale: 'fr',
      text: "O'MEGA Services : votre {device} : {status}. {link}",
    });
    expect(result.ok).toBe(true);
  });
});

describe('rendering an accepted variant', () => {
  it('SMS: fills the variables, drops an absent first name and keeps the budget', () => {
    const text = "O'MEGA Services : Bonjour {firstName}, votre {device} est réparé. {link}";
    const vars = {
      device: 'iPhone 13',
      link: 'https://omega.fr/t/Ab3xK9pQ',
      ticketId: 't1',
      shopCoordinates: '48.8651,2.3692',
    };
    const plain = renderSmsVariant('status_completed', vars, text);
    expect(plain.ok && plain.value.text).toBe(
      "O'MEGA Services : Bonjour, votre iPhone 13 est réparé. https://omega.fr/t/Ab3xK9pQ",
    );
    const named = renderSmsVariant('status_completed', { ...vars, firstName: 'Françoise' }, text);
    expect(named.ok && named.value.text).toContain('Bonjour Francoise, votre iPhone 13');
    expect(named.ok && named.value.encoding).toBe('GSM-7');
  });

  it('WhatsApp: the variant’s own placeholder order, the catalogue’s buttons', () => {
    const text = 'Bonjour, suivi : {link} Votre {device} vous attend en boutique. Merci.';
    const checked = checkVariant(whatsapp(text));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const template = variantContentTemplate(checked.value, 3);
    expect(template.friendlyName).toBe('omega_status_completed_fr_var3');
    expect(template.body).toBe(
      'Bonjour, suivi : {{1}} Votre {{2}} vous attend en boutique. Merci.',
    );
    expect(template.variables.map((v) => v.variable)).toEqual([
      'link',
      'device',
      'ticketId',
      'shopCoordinates',
    ]);
    expect(template.buttons.map((b) => b.id)).toEqual([
      'ticket:{{3}}:coming_today',
      'ticket:{{3}}:coming_tomorrow',
      'ticket:{{3}}:call_me',
    ]);
    expect(template.approvalRequest).toEqual({
      name: 'omega_status_completed_fr_var3',
      category: 'UTILITY',
    });

    const rendered = renderWhatsAppVariant(
      'status_completed',
      sampleVariables('status_completed'),
      {
        text,
        friendlyName: template.friendlyName,
      },
    );
    expect(rendered.ok).toBe(true);
    if (!rendered.ok) return;
    expect(rendered.value.template.contentVariables).toEqual({
      '1': 'https://omega.fr/t/Ab3xK9pQ',
      '2': 'iPhone 13',
      '3': 'k3Jd9QpL2xVb7RtY0aZe',
      // The maps button's coordinates, last as in the catalogue.
      '4': '48.8651,2.3692',
    });
    expect(rendered.value.text).toBe(
      "Bonjour, suivi : https://omega.fr/t/Ab3xK9pQ Votre iPhone 13 vous attend en boutique. Merci.\n\n_O'MEGA Services_",
    );
  });
});
