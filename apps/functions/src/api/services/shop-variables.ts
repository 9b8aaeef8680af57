import type { NotificationKind } from '@omega/core';
import type { VariableTypes } from '@omega/templates';
import type { PipelineSettings } from '../../settings/settings-schema.ts';

/**
 * Templates staff may send in a conversation outside the WhatsApp window: those whose
 * variables are the shop's own facts or the staff member's text (no ticket needed).
 */
export const REPLY_TEMPLATE_KINDS = [
  'staff_urgent',
  'reply_help',
  'reply_hours',
  'reply_address',
] as const satisfies readonly NotificationKind[];

/** A template a conversation reply can use outside the window. */
export type ReplyTemplateKind = (typeof REPLY_TEMPLATE_KINDS)[number];

/** The shop's variables from settings, plus the staff member's message. */
export function shopVariables(
  settings: PipelineSettings,
  staffMessage?: string,
): Partial<VariableTypes> {
  const vars: Partial<VariableTypes> = {
    shopHours: settings.shop.hours,
    shopAddress: settings.shop.address,
    shopPhone: settings.shop.phone,
    storageDays: settings.shop.storageDays,
  };
  if (staffMessage !== undefined) vars.staffMessage = staffMessage;
  return vars;
}
