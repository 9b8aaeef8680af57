import { contentTemplateName } from '@omega/templates';
import { describe, expect, it } from 'vitest';
import { templateRetryAllowed, templateRetryId } from './fallback.ts';

const approved = {
  [contentTemplateName('status_completed', 'fr')]: { contentSid: 'HX1', approval: 'approved' },
  [contentTemplateName('status_completed', 'en')]: { contentSid: 'HX2', approval: 'pending' },
} as const;

const base = {
  failed: { channel: 'whatsapp', kind: 'status_completed', templateOnly: false },
  whatsappMode: 'free_text',
  locale: 'fr',
  plan: { eligibility: { whatsapp: null } },
  templates: approved,
} as const;

describe('templateRetryAllowed', () => {
  it.each([
    ['free text refused, template approved', {}, true],
    ['the template is pending in that locale', { locale: 'en' }, false],
    ['no template synchronised', { templates: {} }, false],
    ['the refused message was already a template', { whatsappMode: 'template' }, false],
    [
      'the refused message was already the template retry',
      { failed: { ...base.failed, templateOnly: true } },
      false,
    ],
    ['WhatsApp no longer allowed', { plan: { eligibility: { whatsapp: 'no_consent' } } }, false],
    ['not a WhatsApp message', { failed: { ...base.failed, channel: 'sms' } }, false],
    ['mode unknown (older documents)', { whatsappMode: null }, true],
  ] as const)('%s → %s', (_name, patch, expected) => {
    // biome-ignore lint/suspicious/noExplicitAny: table rows patch a typed input
    expect(templateRetryAllowed({ ...base, ...patch } as any)).toBe(expected);
  });

  it('the retry id is deterministic and Firestore/Cloud Tasks safe', () => {
    expect(templateRetryId('t1_whatsapp_0123456789abcdef')).toBe(
      't1_whatsapp_0123456789abcdef-template',
    );
    expect(templateRetryId('t1_whatsapp_0123456789abcdef')).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
