import {
  CHANNEL_DISPLAY_ORDER,
  type Channel,
  maskEmail,
  maskPhone,
  type NotificationSettings,
  shopMapsUrl,
  type TicketStatus,
} from '@omega/core';
import { consentWording, statusLabel } from '@omega/templates';
import type { Firestore } from 'firebase-admin/firestore';
import { type LoadedCustomer, primaryPhone, reachability } from '../customers/index.ts';
import { iso } from '../http/index.ts';
import { type ShopSettings, shopLocationOf } from '../settings/settings-schema.ts';
import type { OpenLink } from './links.ts';

/** A channel's state as the customer sees it. */
export type ChoiceState = 'on' | 'service' | 'off' | 'unavailable';

/** A decision the page offers: a button, with the CNIL text it records and that text's version. */
export interface ChoiceAction {
  granted: boolean;
  /** The CNIL text shown next to the button: what the customer agrees to (or withdraws). */
  wording: string;
  wordingVersion: string;
  button: string;
}

/** One line of the preferences block: the state and the action that changes it. */
export interface ChannelChoice {
  channel: Channel;
  label: string;
  state: ChoiceState;
  /** What the state means, in plain French. */
  stateText: string;
  /** The action offered (none when the channel is unavailable). */
  action: ChoiceAction | null;
  /**
   * `service` state only: stop even the essential messages on this channel. A walk-in objects
   * to service messages here (the SMS sender cannot receive STOP), so every message's link
   * leads to a way out.
   */
  withdraw: ChoiceAction | null;
  /** A number Twilio unsubscribed (STOP): only a START reply can lift it. */
  twilioOptOut: boolean;
}

/** The repair steps in order (quote and cancellation are shown when they happen). */
const STEPS: readonly TicketStatus[] = [
  'received',
  'diagnosing',
  'waiting_for_parts',
  'in_repair',
  'completed',
  'picked_up',
];

/** Everything the landing page (and `GET /api/public/links/:id`) shows for one link. */
export interface LinkView {
  ticket: {
    device: string;
    status: TicketStatus;
    statusLabel: string;
    trackingCode: string;
    steps: Array<{ status: TicketStatus; label: string; done: boolean; current: boolean }>;
    amountDueEur: number | null;
    appointmentAt: string | null;
    updatedAt: string | null;
  };
  /** `mapsUrl`: the maps page (core's `shopMapsUrl`). */
  shop: { hours: string; address: string; phone: string; mapsUrl: string };
  customer: {
    firstName: string | null;
    registered: boolean;
    phone: string | null;
    email: string | null;
  };
  /** Walk-ins only: where to create an account, with what the shop already knows. */
  registration: {
    url: string;
    prefill: {
      firstName: string | null;
      name: string | null;
      phone: string | null;
      email: string | null;
    };
  } | null;
  channels: ChannelChoice[];
  expiresAt: string | null;
}

const UNAVAILABLE = new Set([
  'no_email',
  'no_phone',
  'invalid_phone',
  'not_sms_capable',
  'phone_marked_invalid',
]);

const STATE_TEXT: Record<ChoiceState, (channel: Channel) => string> = {
  on: () => 'Activé : vous recevez le suivi de vos réparations sur ce canal.',
  service: () =>
    'Messages essentiels uniquement : prise en charge, devis, appareil prêt et rappels de retrait.',
  off: () => 'Désactivé : vous ne recevez rien sur ce canal.',
  unavailable: (channel) =>
    channel === 'email'
      ? 'Aucune adresse e-mail enregistrée.'
      : channel === 'push'
        ? "Disponible dans l'application O'MEGA."
        : 'Aucun numéro de mobile valide enregistré.',
};

/** Templates' status labels are written to sit inside a sentence; the page shows them alone. */
function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function firstNameOf(c: LoadedCustomer): string | null {
  if (c.profile?.firstName) return c.profile.firstName;
  if (c.client?.firstName) return c.client.firstName;
  const name = c.client?.name?.trim();
  return name ? (name.split(/\s+/)[0] ?? null) : null;
}

/**
 * The channels the page offers, in display order: all four to a registered customer, no push
 * to a walk-in (no app).
 */
export function offeredChannels(c: LoadedCustomer): Channel[] {
  return CHANNEL_DISPLAY_ORDER.filter((channel) => c.profile || channel !== 'push');
}

/**
 * Builds the landing page's content for an open link: the ticket's progress, the shop's
 * details, the pre-filled registration for a walk-in, and per channel the customer's state and
 * the one action that changes it, with the CNIL wording of that action (from
 * `@omega/templates`' `consentWording`, so the recorded version names the words shown).
 * A channel the shop switched off is not offered.
 */
export async function linkView(
  db: Firestore,
  link: OpenLink,
  input: { settings: NotificationSettings; shop: ShopSettings; appPublicUrl: string; now: Date },
): Promise<LinkView> {
  const { ticket, customer } = link;
  const reach = await reachability(db, customer, input.settings, input.now);
  const phone = reach.parsedPhones.find((p) => p.parsed.ok);
  const e164 = phone?.parsed.ok ? phone.parsed.value.e164 : null;
  const suppression = e164 ? reach.suppressionInfo.get(e164) : null;
  const email = customer.profile?.email ?? customer.client?.email ?? null;

  const channels: ChannelChoice[] = [];
  for (const channel of offeredChannels(customer)) {
    const state = reach.channels.find((c) => c.channel === channel);
    const eligibility = state?.reasonCode ?? null;
    if (eligibility === 'channel_disabled') continue;
    let choice: ChoiceState;
    if (channel === 'push') choice = state?.granted ? 'on' : 'off';
    else if (eligibility && UNAVAILABLE.has(eligibility)) choice = 'unavailable';
    else if (eligibility === 'suppressed' || !state) choice = 'off';
    else if (state.granted) choice = 'on';
    else if (state.basis === 'service' || (eligibility === null && !state.explicit))
      choice = 'service';
    else choice = 'off';
    const grant = choice === 'off' || choice === 'service';
    const wording = consentWording(channel, { locale: 'fr', granted: grant });
    const withdrawal =
      choice === 'service' ? consentWording(channel, { locale: 'fr', granted: false }) : null;
    channels.push({
      channel,
      label: wording.label,
      state: choice,
      stateText: STATE_TEXT[choice](channel),
      action:
        choice === 'unavailable'
          ? null
          : {
              granted: grant,
              wording: wording.text,
              wordingVersion: wording.version,
              button: grant
                ? choice === 'service'
                  ? `Recevoir tout le suivi par ${wording.label}`
                  : `Activer : ${wording.label}`
                : `Ne plus recevoir : ${wording.label}`,
            },
      withdraw: withdrawal
        ? {
            granted: false,
            wording: withdrawal.text,
            wordingVersion: withdrawal.version,
            button: `Ne plus recevoir : ${withdrawal.label}`,
          }
        : null,
      // Twilio's opt-out list holds it: only the customer's START lifts it, not this page.
      twilioOptOut:
        (channel === 'sms' || channel === 'whatsapp') &&
        (suppression?.providerHeld.includes(channel) ?? false),
    });
  }

  const status = ticket.status;
  const currentStep = STEPS.indexOf(status);
  const raw = link.ticketSnap;
  const walkIn = !customer.profile;
  const firstName = firstNameOf(customer);
  return {
    ticket: {
      device: ticket.device,
      status,
      statusLabel: sentenceCase(statusLabel(status, 'fr')),
      trackingCode: ticket.trackingCode,
      steps: STEPS.map((s, i) => ({
        status: s,
        label: sentenceCase(statusLabel(s, 'fr')),
        done: currentStep >= 0 && i < currentStep,
        current: s === status,
      })),
      amountDueEur: ticket.amountDueEur ?? null,
      appointmentAt: ticket.appointmentAt ? ticket.appointmentAt.toISOString() : null,
      updatedAt: iso(raw.get('updatedAt')) ?? iso(raw.get('createdAt')),
    },
    shop: {
      hours: input.shop.hours,
      address: input.shop.address,
      phone: input.shop.phone,
      mapsUrl: shopMapsUrl(shopLocationOf(input.shop)),
    },
    customer: {
      firstName,
      registered: !walkIn,
      phone: e164 ? maskPhone(e164) : null,
      email: email ? maskEmail(email) : null,
    },
    registration: walkIn
      ? {
          url: `${input.appPublicUrl.replace(/\/+$/, '')}/inscription?ref=${encodeURIComponent(link.linkId)}`,
          prefill: {
            firstName,
            name: customer.client?.name ?? null,
            phone: primaryPhone(customer),
            email,
          },
        }
      : null,
    channels,
    expiresAt: link.expiresAt ? link.expiresAt.toISOString() : null,
  };
}
