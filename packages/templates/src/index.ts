/**
 * `@omega/templates`: the shop's messages for SMS, WhatsApp, email and push, in French
 * (default) and English, with typed variables, GSM-7-safe SMS that fit one segment, WhatsApp
 * content templates that pass Meta's rules, and a segment/cost preview.
 */
export * from './bounds.ts';
export * from './buttons.ts';
export { TEMPLATES } from './catalog/index.ts';
export * from './consent-wording.ts';
export * from './content-template.ts';
export * from './definition.ts';
export * from './email-actions.ts';
export * from './errors.ts';
export * from './format.ts';
export * from './links.ts';
export * from './locale.ts';
export * from './media-template.ts';
export * from './meta-rules.ts';
export * from './preview.ts';
export * from './render.ts';
export * from './render-email.ts';
export * from './render-push.ts';
export * from './render-sms.ts';
export * from './render-whatsapp.ts';
export * from './samples.ts';
export * from './shorten.ts';
export type { PreparedTemplate, RenderOptions } from './texts.ts';
export * from './transliterate.ts';
export * from './variables.ts';
export * from './variants.ts';
