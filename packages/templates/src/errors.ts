import type { NotificationKind } from '@omega/core';

/**
 * Why a template could not be rendered:
 * - `missing_variable`: a required variable is absent, `null` or blank.
 * - `invalid_variable`: a variable has the wrong type or is out of bounds (a malformed short
 *   link, a negative amount, a shop address longer than the SMS budget allows…).
 * - `unknown_template`: no template with that id (only reachable from untyped callers).
 * - `unknown_channel`: no such channel (only reachable from untyped callers).
 * - `unknown_locale`: a language other than `fr` or `en` (only reachable from untyped callers).
 */
export type TemplateErrorCode =
  | 'missing_variable'
  | 'invalid_variable'
  | 'unknown_template'
  | 'unknown_channel'
  | 'unknown_locale';

/**
 * A template that cannot be rendered with the variables it was given. Returned inside a
 * failed `Result` by the `render*` functions and thrown by {@link renderOrThrow}; its
 * message names the template and the variable so the log line says what to fix.
 *
 * @example
 * const result = render('status_completed', 'sms', { device: 'iPhone 13' } as never);
 * if (!result.ok) result.error.code; // 'missing_variable'; result.error.variable === 'link'
 */
export class TemplateError extends Error {
  /** What went wrong, as a stable code. */
  readonly code: TemplateErrorCode;
  /** The template that was being rendered. */
  readonly kind: NotificationKind | string;
  /** The variable at fault, when the error is about one. */
  readonly variable: string | undefined;

  constructor(
    code: TemplateErrorCode,
    kind: NotificationKind | string,
    message: string,
    variable?: string,
  ) {
    super(message);
    this.name = 'TemplateError';
    this.code = code;
    this.kind = kind;
    this.variable = variable;
  }
}
