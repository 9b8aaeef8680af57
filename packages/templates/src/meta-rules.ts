/** A broken WhatsApp content-template rule, with a message saying where. */
export type MetaRuleViolation = {
  rule:
    | 'starts_with_variable'
    | 'ends_with_variable'
    | 'adjacent_variables'
    | 'variables_not_sequential'
    | 'malformed_placeholder'
    | 'body_too_long'
    | 'empty_body';
  message: string;
};

/** Twilio's limit for a `twilio/quick-reply` body. */
export const WHATSAPP_TEMPLATE_BODY_MAX = 1024;

const PLACEHOLDER = /\{\{(\d+)\}\}/g;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Checks a content-template body against the rules WhatsApp enforces at approval (Twilio
 * docs for `twilio/quick-reply` and `twilio/text`): the body must not start or end with a
 * variable, two variables must not sit next to each other, and placeholders are `{{1}}`,
 * `{{2}}`… in order, each used once. We apply them strictly: the text before the first
 * variable, after the last one and between two variables must each contain at least one
 * letter or digit (punctuation or spaces alone do not count). Returns every violation; an
 * empty array means the body passes.
 *
 * @example checkWhatsAppTemplateBody('{{1}}, votre {{2}} est prêt') // starts_with_variable, ends_with_variable
 * @example checkWhatsAppTemplateBody('Bonjour, votre {{1}} est prêt.') // []
 */
export function checkWhatsAppTemplateBody(body: string): MetaRuleViolation[] {
  const violations: MetaRuleViolation[] = [];
  if (body.trim() === '') return [{ rule: 'empty_body', message: 'The body is empty' }];
  if (body.length > WHATSAPP_TEMPLATE_BODY_MAX) {
    violations.push({
      rule: 'body_too_long',
      message: `The body has ${body.length} characters, more than ${WHATSAPP_TEMPLATE_BODY_MAX}`,
    });
  }
  const withoutPlaceholders = body.replace(PLACEHOLDER, '');
  if (/\{\{|\}\}/.test(withoutPlaceholders)) {
    violations.push({
      rule: 'malformed_placeholder',
      message: 'Placeholders must be written {{n}} with n a number',
    });
  }
  const matches = [...body.matchAll(PLACEHOLDER)];
  if (matches.length === 0) return violations;

  const numbers = matches.map((match) => Number(match[1]));
  if (numbers.some((n, index) => n !== index + 1)) {
    violations.push({
      rule: 'variables_not_sequential',
      message: `Variables must be {{1}}, {{2}}… in order, each once; found ${numbers.map((n) => `{{${n}}}`).join(', ')}`,
    });
  }
  const first = matches[0] as RegExpExecArray;
  const last = matches[matches.length - 1] as RegExpExecArray;
  if (!LETTER_OR_DIGIT.test(body.slice(0, first.index))) {
    violations.push({ rule: 'starts_with_variable', message: `The body starts with ${first[0]}` });
  }
  if (!LETTER_OR_DIGIT.test(body.slice(last.index + last[0].length))) {
    violations.push({ rule: 'ends_with_variable', message: `The body ends with ${last[0]}` });
  }
  for (let index = 1; index < matches.length; index += 1) {
    const before = matches[index - 1] as RegExpExecArray;
    const after = matches[index] as RegExpExecArray;
    const between = body.slice(before.index + before[0].length, after.index);
    if (!LETTER_OR_DIGIT.test(between)) {
      violations.push({
        rule: 'adjacent_variables',
        message: `${before[0]} and ${after[0]} have no words between them`,
      });
    }
  }
  return violations;
}
