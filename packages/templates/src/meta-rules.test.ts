import { NOTIFICATION_KINDS } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { MAPS_BUTTON_TITLES, QUICK_REPLY_TITLES } from './buttons.ts';
import { TEMPLATES } from './catalog/index.ts';
import { allWhatsAppContentTemplates, whatsappContentTemplate } from './content-template.ts';
import { LOCALES } from './locale.ts';
import { checkWhatsAppTemplateBody } from './meta-rules.ts';
import { TEMPLATE_VARIABLES } from './variables.ts';

const rules = (body: string) => checkWhatsAppTemplateBody(body).map((v) => v.rule);

describe('checkWhatsAppTemplateBody', () => {
  it.each([
    ['{{1}}, votre réparation est terminée.', ['starts_with_variable']],
    ['  {{1}} est prêt', ['starts_with_variable']],
    ['Bonjour, votre appareil : {{1}}', ['ends_with_variable']],
    ['Bonjour, votre appareil : {{1}}.', ['ends_with_variable']],
    ['Bonjour {{1}} {{2}}, c’est prêt.', ['adjacent_variables']],
    ['Bonjour {{1}}{{2}}, c’est prêt.', ['adjacent_variables']],
    ['Bonjour {{1}} - {{2}}, c’est prêt.', ['adjacent_variables']],
    ['Bonjour {{2}}, votre {{1}} est prêt.', ['variables_not_sequential']],
    ['Bonjour {{1}}, votre {{1}} est prêt.', ['variables_not_sequential']],
    ['Bonjour {{1}}, votre {{3}} est prêt.', ['variables_not_sequential']],
    ['Bonjour {{name}}, c’est prêt.', ['malformed_placeholder']],
    ['   ', ['empty_body']],
    [`Bonjour {{1}}, ${'x'.repeat(1020)}`, ['body_too_long']],
  ])('flags %j', (body, expected) => {
    expect(rules(body)).toEqual(expected);
  });

  it.each([
    'Merci pour votre message.',
    'Bonjour, votre {{1}} est prêt.',
    'Bonjour, votre {{1}} est chez nous (dossier {{2}}). Suivi : {{3}} Merci.',
  ])('accepts %j', (body) => {
    expect(checkWhatsAppTemplateBody(body)).toEqual([]);
  });
});

describe('every WhatsApp content template', () => {
  const templates = allWhatsAppContentTemplates();

  it('exists for every kind in every locale', () => {
    expect(templates).toHaveLength(NOTIFICATION_KINDS.length * LOCALES.length);
  });

  it.each(templates.map((t) => [t.friendlyName, t] as const))(
    '%s passes Meta’s rules',
    (_name, template) => {
      expect(checkWhatsAppTemplateBody(template.body)).toEqual([]);
      expect(template.friendlyName).toMatch(/^[a-z0-9_]{1,512}$/);
      expect(template.category).toBe('utility');
      expect(template.approvalRequest).toEqual({
        name: template.friendlyName,
        category: 'UTILITY',
      });

      // Every placeholder of the body maps to a required variable, with a non-empty one-line sample.
      const bodyVariables = TEMPLATES[template.kind].whatsappVariables as readonly string[];
      const required = TEMPLATE_VARIABLES[template.kind].required as readonly string[];
      expect(template.body.match(/\{\{\d+\}\}/g) ?? []).toHaveLength(bodyVariables.length);
      for (const variable of template.variables) {
        expect(required).toContain(variable.variable);
        expect(variable.sample.trim()).not.toBe('');
        expect(variable.sample).not.toMatch(/[\n\t]| {5,}/);
      }

      // Buttons: at most 10 in an approved template (twilio.com/docs/content/twilio-quick-reply;
      // 3 only in session, where we send free text without buttons), titles ≤ 20, ids carry the
      // ticket id placeholder.
      expect(template.buttons.length).toBeLessThanOrEqual(10);
      const ticket = template.variables.find((v) => v.variable === 'ticketId');
      for (const button of template.buttons) {
        expect(button.title).toBe(QUICK_REPLY_TITLES[template.language][button.action]);
        expect(button.id).toBe(`ticket:{{${ticket?.placeholder}}}:${button.action}`);
      }
      if (template.buttons.length === 0) expect(ticket).toBeUndefined();

      const types = template.contentApiRequest.types;
      // The maps button (completed, ADRESSE): Google Maps at the coordinates, the last placeholder;
      // with quick replies a card carrying both, alone a call-to-action (≤ 25-character title).
      const maps = TEMPLATES[template.kind].mapsButton
        ? {
            type: 'URL',
            title: MAPS_BUTTON_TITLES[template.language],
            url: `https://www.google.com/maps/search/?api=1&query={{${template.variables.length}}}`,
          }
        : null;
      if (maps) {
        expect(template.variables.at(-1)?.variable).toBe('shopCoordinates');
        expect(maps.title.length).toBeLessThanOrEqual(25);
        expect(template.mapsButton).toEqual(maps);
      }
      if (maps && template.buttons.length > 0) {
        expect(types).toEqual({
          'twilio/card': {
            title: template.body,
            actions: [
              ...template.buttons.map(({ title, id }) => ({ type: 'QUICK_REPLY', title, id })),
              maps,
            ],
          },
        });
      } else if (maps) {
        expect(types).toEqual({
          'twilio/call-to-action': { body: template.body, actions: [maps] },
        });
      } else if (template.buttons.length > 0) {
        expect(types).toEqual({
          'twilio/quick-reply': {
            body: template.body,
            actions: template.buttons.map(({ title, id }) => ({ title, id })),
          },
        });
      } else {
        expect(types).toEqual({ 'twilio/text': { body: template.body } });
      }
      expect(Object.keys(template.contentApiRequest.variables)).toEqual(
        template.variables.map((v) => v.placeholder),
      );
    },
  );

  it('offers "Je passe aujourd’hui" / "Je passe demain" / "Appelez-moi" on the completed and pickup templates', () => {
    for (const kind of [
      'status_completed',
      'pickup_reminder_1',
      'pickup_reminder_2',
      'pickup_reminder_final',
    ] as const) {
      expect(whatsappContentTemplate(kind, 'fr').buttons.map((b) => b.title)).toEqual([
        "Je passe aujourd'hui",
        'Je passe demain',
        'Appelez-moi',
      ]);
    }
  });

  it('offers accept / decline on the quote and confirm / another slot on an appointment change', () => {
    expect(
      whatsappContentTemplate('status_quote_pending', 'fr').buttons.map((b) => b.title),
    ).toEqual(["J'accepte le devis", 'Je refuse le devis', 'Appelez-moi']);
    expect(
      whatsappContentTemplate('appointment_changed', 'fr').buttons.map((b) => b.title),
    ).toEqual(['Je confirme le RDV', 'Autre créneau', 'Appelez-moi']);
  });

  it('has unique names', () => {
    expect(new Set(templates.map((t) => t.friendlyName)).size).toBe(templates.length);
  });
});
