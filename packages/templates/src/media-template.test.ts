import { describe, expect, it } from 'vitest';
import { TEMPLATES } from './catalog/index.ts';
import { whatsappContentTemplate } from './content-template.ts';
import {
  allWhatsAppMediaTemplates,
  MEDIA_TEMPLATE_KINDS,
  mediaTemplateVariables,
  whatsappMediaTemplate,
} from './media-template.ts';

describe('WhatsApp media templates', () => {
  it('keeps the body and its variables, the photo token last at the end of a fixed-host URL, no buttons', () => {
    const text = whatsappContentTemplate('status_in_repair', 'fr');
    const media = whatsappMediaTemplate('status_in_repair', 'fr', 'https://o.omega.fr/');
    expect(media.friendlyName).toBe(`${text.friendlyName}_media`);
    expect(media.friendlyName).toMatch(/^[a-z0-9_]+$/);
    expect(media.body).toBe(text.body);
    const bodyVars = TEMPLATES.status_in_repair.whatsappVariables.length;
    expect(media.mediaUrl).toBe(`https://o.omega.fr/m/{{${bodyVars + 1}}}`);
    expect(media.contentApiRequest.types).toEqual({
      'twilio/media': { body: text.body, media: [media.mediaUrl] },
    });
    expect(Object.keys(media.contentApiRequest.variables)).toHaveLength(bodyVars + 1);
  });

  it('keeps the body variables of the text template (not its buttons’ ones) and appends the token', () => {
    const text = whatsappContentTemplate('status_completed', 'fr');
    const all = Object.fromEntries(text.variables.map((v) => [v.placeholder, `v${v.placeholder}`]));
    const vars = mediaTemplateVariables('status_completed', all, 'TOKEN');
    const bodyVars = TEMPLATES.status_completed.whatsappVariables.length;
    expect(text.variables.length).toBeGreaterThan(bodyVars);
    expect(Object.keys(vars)).toHaveLength(bodyVars + 1);
    expect(vars[String(bodyVars + 1)]).toBe('TOKEN');
  });

  it('covers the ticket notifications in both languages, not the answers or the survey', () => {
    expect(MEDIA_TEMPLATE_KINDS).toContain('status_completed');
    expect(MEDIA_TEMPLATE_KINDS).not.toContain('reply_help');
    expect(MEDIA_TEMPLATE_KINDS).not.toContain('satisfaction_survey');
    expect(allWhatsAppMediaTemplates('https://o.omega.fr')).toHaveLength(
      MEDIA_TEMPLATE_KINDS.length * 2,
    );
  });
});
