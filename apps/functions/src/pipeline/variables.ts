import {
  type NotificationKind,
  shopCoordinates,
  shopMapsUrl,
  type TicketStatus,
} from '@omega/core';
import type { VariableTypes } from '@omega/templates';
import { type ShopSettings, shopLocationOf } from '../settings/settings-schema.ts';
import type { TicketDoc } from '../store/documents.ts';

/**
 * Every template variable the pipeline knows for a ticket; the templates take the ones each
 * kind needs and ignore the rest. Missing required ones come back as a `missing_variable`
 * error, recorded on the history document.
 */
export function templateVariables(input: {
  kind: NotificationKind;
  ticketId: string;
  ticket: TicketDoc;
  firstName: string | null;
  link: string;
  shop: ShopSettings;
  now: Date;
  /** Variables planned with the notification (an urgent message's text); ticket data wins. */
  extra?: Readonly<Record<string, string>>;
}): Partial<VariableTypes> {
  const { ticket, shop } = input;
  const vars: Partial<VariableTypes> = {
    ...plannedVariables(input.extra),
    device: ticket.device,
    trackingCode: ticket.trackingCode,
    ticketId: input.ticketId,
    link: input.link,
    shopHours: shop.hours,
    shopAddress: shop.address,
    shopPhone: shop.phone,
    storageDays: shop.storageDays,
    status: ticket.status as TicketStatus,
    // The shop's location: the maps link (SMS, free text) and the templates' maps button.
    mapsUrl: shopMapsUrl(shopLocationOf(shop)),
    shopCoordinates: shopCoordinates(shop),
  };
  if (input.firstName) vars.firstName = input.firstName;
  if (typeof ticket.amountDueEur === 'number') vars.amountEur = ticket.amountDueEur;
  if (ticket.appointmentAt) vars.appointmentAt = ticket.appointmentAt;
  if (ticket.completedAt) {
    const days = Math.floor((input.now.getTime() - ticket.completedAt.getTime()) / 86_400_000);
    vars.daysWaiting = Math.min(999, Math.max(1, days));
  }
  return vars;
}

/** The planned variables the templates accept as free text (only `staffMessage` today). */
const PLANNED_VARIABLES = ['staffMessage'] as const;

function plannedVariables(extra: Readonly<Record<string, string>> | undefined) {
  const out: Partial<Pick<VariableTypes, (typeof PLANNED_VARIABLES)[number]>> = {};
  for (const name of PLANNED_VARIABLES) {
    const value = extra?.[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
