import {
  type Channel,
  countSegments,
  type NotificationKind,
  shopCoordinates,
  shopMapsUrl,
  type WhatsAppSendMode,
} from '@omega/core';
import {
  render,
  renderSmsVariant,
  renderWhatsAppVariant,
  type VariableTypes,
} from '@omega/templates';
import type { OutboundMessage, WhatsAppMessage } from '../../adapters/port.ts';

type WhatsAppContent = WhatsAppMessage['content'];

import { shopLocationOfSettings } from '../../content/sync-location.ts';
import { type PipelineSettings, shopLocationOf } from '../../settings/settings-schema.ts';
import type { PipelineDeps } from '../deps.ts';
import { ticketLink } from '../short-links.ts';
import { statusCallbackUrl } from '../status-callback.ts';
import { templateVariables } from '../variables.ts';
import type { GateInputs } from './gate.ts';
import type { SendJob } from './job.ts';
import { chooseWording, type ExperimentMark, type WordingChoice } from './wording.ts';

/** A rendered message ready for its adapter, or why it could not be rendered. */
export type Built =
  | {
      ok: true;
      message: OutboundMessage;
      segments: number | null;
      encoding: string | null;
      whatsappMode: string | null;
      contentSid: string | null;
      /** The wording experiment's arm this message went out in (ticket notifications). */
      experiment?: ExperimentMark | null;
      /** The ticket photo the message carries as media (WhatsApp inside the window). */
      media?: { ticketId: string; photoId: string; label: string } | null;
    }
  | { ok: false; code: string; message: string };

/** What {@link renderOutbound} needs: the message's kind, channel, address and variables. */
export interface RenderInput {
  channel: Channel;
  kind: NotificationKind;
  to: string | null;
  vars: Partial<VariableTypes>;
  locale: 'fr' | 'en';
  /** WhatsApp: free text inside the 24 h window, else the approved template (the gate's call). */
  whatsappMode: WhatsAppSendMode | null;
  pushTokens: readonly string[];
  ticketId: string | null;
  /** A staff wording instead of the catalogue's (SMS, WhatsApp), and the experiment's arm. */
  wording?: WordingChoice;
}

/**
 * Renders a message with the templates and builds what the channel's adapter sends (sender
 * settings, status-callback URL; WhatsApp free text inside the window, else the approved
 * template). Shared by ticket notifications and automatic replies.
 */
export async function renderOutbound(
  deps: PipelineDeps,
  notificationId: string,
  input: RenderInput,
): Promise<Built> {
  const settings = await deps.settings.get();
  const h = input;
  const vars = input.vars;
  const options = { locale: input.locale };
  const to = h.to ?? '';
  const fail = (error: { code: string; message: string }): Built => ({
    ok: false,
    code: `template_${error.code}`,
    message: error.message,
  });
  // biome-ignore lint/suspicious/noExplicitAny: variables come from Firestore; the templates check them at runtime
  const anyVars = vars as any;
  const variant = input.wording?.variant ?? null;
  const experiment = input.wording?.experiment ?? null;
  switch (h.channel) {
    case 'sms': {
      const r = variant
        ? renderSmsVariant(h.kind, anyVars, variant.text, options)
        : render(h.kind, 'sms', anyVars, options);
      if (!r.ok) return fail(r.error);
      const sender = twilioSender(settings, 'sms');
      return {
        ok: true,
        message: {
          channel: 'sms',
          notificationId,
          to,
          body: r.value.text,
          sender,
          statusCallback: statusCallbackUrl(deps.config.edgePublicUrl, notificationId),
        },
        segments: r.value.segments,
        encoding: r.value.encoding,
        whatsappMode: null,
        contentSid: null,
        experiment,
      };
    }
    case 'whatsapp': {
      const r =
        variant?.friendlyName && variant.contentSid
          ? renderWhatsAppVariant(
              h.kind,
              anyVars,
              { text: variant.text, friendlyName: variant.friendlyName },
              options,
            )
          : render(h.kind, 'whatsapp', anyVars, options);
      if (!r.ok) return fail(r.error);
      const mode = input.whatsappMode ?? 'template';
      const sender = twilioSender(settings, 'whatsapp');
      const statusCallback = statusCallbackUrl(deps.config.edgePublicUrl, notificationId);
      const whatsapp = (content: WhatsAppContent): OutboundMessage => ({
        channel: 'whatsapp',
        notificationId,
        to,
        sender,
        statusCallback,
        content,
      });
      if (mode === 'free_text') {
        return {
          ok: true,
          message: whatsapp({ mode, body: r.value.text }),
          segments: 1,
          encoding: null,
          whatsappMode: mode,
          contentSid: null,
          experiment,
        };
      }
      // A variant's own approved template (chooseWording only picks approved versions).
      const template =
        variant?.contentSid && variant.friendlyName
          ? { approval: 'approved', contentSid: variant.contentSid }
          : settings.whatsappTemplates[r.value.template.friendlyName];
      if (template?.approval !== 'approved') {
        return {
          ok: false,
          code: 'no_approved_template',
          message: `outside the 24 h window and template ${r.value.template.friendlyName} is ${template ? template.approval : 'not synchronised'}`,
        };
      }
      return {
        ok: true,
        message: whatsapp({
          mode,
          contentSid: template.contentSid,
          variables: r.value.template.contentVariables,
        }),
        segments: 1,
        encoding: null,
        whatsappMode: mode,
        contentSid: template.contentSid,
        experiment,
      };
    }
    case 'email': {
      const r = render(h.kind, 'email', anyVars, options);
      if (!r.ok) return fail(r.error);
      return {
        ok: true,
        message: {
          channel: 'email',
          notificationId,
          to,
          from: deps.config.mailFrom,
          subject: r.value.subject,
          text: r.value.text,
          html: r.value.html,
        },
        segments: null,
        encoding: null,
        whatsappMode: null,
        contentSid: null,
      };
    }
    case 'push': {
      const r = render(h.kind, 'push', anyVars, options);
      if (!r.ok) return fail(r.error);
      const data: Record<string, string> = { kind: h.kind };
      if (h.ticketId) data.ticketId = h.ticketId;
      if (r.value.link) data.link = r.value.link;
      return {
        ok: true,
        message: {
          channel: 'push',
          notificationId,
          tokens: [...input.pushTokens],
          title: r.value.title,
          body: r.value.body,
          data,
        },
        segments: null,
        encoding: null,
        whatsappMode: null,
        contentSid: null,
      };
    }
  }
}

/** The sender of an SMS or WhatsApp message: the Messaging Service, else the channel's number. */
function twilioSender(settings: PipelineSettings, channel: 'sms' | 'whatsapp') {
  return settings.twilio.messagingServiceSid
    ? { messagingServiceSid: settings.twilio.messagingServiceSid }
    : { from: channel === 'whatsapp' ? settings.twilio.whatsappFrom : settings.twilio.smsFrom };
}

/** What every renderer is given: the job, what the gate read, its WhatsApp mode, the time. */
export interface RenderContext {
  deps: PipelineDeps;
  job: SendJob;
  inputs: GateInputs;
  whatsappMode: WhatsAppSendMode | null;
  now: Date;
}

/** A ticket notification rendered with the ticket as it is now and the recipient's locale. */
async function renderNotification({
  deps,
  job,
  inputs,
  whatsappMode,
  now,
}: RenderContext): Promise<Built> {
  const ticket = inputs.ticket;
  if (!ticket || !job.ticketId) {
    return { ok: false, code: 'ticket_missing', message: `ticket ${job.ticketId} is gone` };
  }
  const settings = await deps.settings.get();
  const link = ticketLink(job.ticketId, {
    domain: settings.shortLinkDomain ?? deps.config.shortLinkDomain,
    secret: deps.config.shortLinkSecret,
    generation: ticket.shortLinkGeneration,
  });
  const vars = templateVariables({
    kind: job.kind,
    ticketId: job.ticketId,
    ticket,
    firstName: inputs.loaded.firstName,
    link,
    shop: settings.shop,
    now,
    extra: job.variables,
  });
  const wording = await chooseWording(deps.db, {
    notificationId: job.notificationId,
    kind: job.kind,
    channel: job.channel,
    locale: inputs.loaded.locale,
    recipientKey: job.customerId || job.clientId,
  });
  return renderOutbound(deps, job.notificationId, {
    channel: job.channel,
    kind: job.kind,
    to: job.to,
    vars,
    locale: inputs.loaded.locale,
    whatsappMode,
    pushTokens: inputs.loaded.profile?.pushTokens ?? [],
    ticketId: job.ticketId,
    wording,
  });
}

/** An automatic answer: the shop's details, and the ticket's when the answer is about one. */
async function renderAnswer({ deps, job, inputs, whatsappMode }: RenderContext): Promise<Built> {
  const settings = await deps.settings.get();
  const shop = settings.shop;
  const vars: Partial<VariableTypes> = {
    shopHours: shop.hours,
    shopAddress: shop.address,
    shopPhone: shop.phone,
    mapsUrl: shopMapsUrl(shopLocationOf(shop)),
    shopCoordinates: shopCoordinates(shop),
  };
  // The survey's thanks offers the review page to every respondent, whatever the score.
  if (settings.reviewUrl) vars.reviewUrl = settings.reviewUrl;
  // A customer action's confirmation (or refusal), planned by the ingestion; the template checks it.
  if (job.variables.actionReply)
    vars.actionReply = job.variables.actionReply as VariableTypes['actionReply'];
  const ticket = inputs.ticket;
  if (job.ticketId && ticket) {
    vars.device = ticket.device;
    vars.status = ticket.status as VariableTypes['status'];
    vars.trackingCode = ticket.trackingCode;
    vars.link = ticketLink(job.ticketId, {
      domain: settings.shortLinkDomain ?? deps.config.shortLinkDomain,
      secret: deps.config.shortLinkSecret,
      generation: ticket.shortLinkGeneration,
    });
  }
  return renderOutbound(deps, job.notificationId, {
    channel: job.channel,
    kind: job.kind,
    to: job.to,
    vars,
    locale: inputs.loaded.profile?.locale ?? inputs.loaded.client?.locale ?? 'fr',
    whatsappMode,
    pushTokens: [],
    ticketId: job.ticketId,
  });
}

/** A staff direct send: what staff wrote, with the pipeline's sender and status callback. */
async function renderDirect({ deps, job, whatsappMode }: RenderContext): Promise<Built> {
  const direct = job.direct;
  if (!direct || !job.to) return { ok: false, code: 'invalid_direct_send', message: 'no content' };
  const settings = await deps.settings.get();
  const none = { segments: null, encoding: null, whatsappMode: null, contentSid: null };
  const statusCallback = statusCallbackUrl(deps.config.edgePublicUrl, job.notificationId);
  const base = { notificationId: job.notificationId, to: job.to };
  switch (direct.channel) {
    case 'sms': {
      // What staff wrote is counted like a rendered template: segments and encoding.
      const count = countSegments(direct.body);
      return {
        ok: true,
        message: {
          ...base,
          channel: 'sms',
          body: direct.body,
          sender: twilioSender(settings, 'sms'),
          statusCallback,
        },
        ...none,
        segments: count.segments,
        encoding: count.encoding,
      };
    }
    case 'whatsapp': {
      // A reply's free text needs the window open (a test message goes to staff's own phone).
      if (
        job.origin === 'staff_reply' &&
        direct.content.mode === 'free_text' &&
        whatsappMode === 'template'
      ) {
        return {
          ok: false,
          code: 'window_closed',
          message:
            'the 24 h WhatsApp window closed before the reply left: an approved template is needed',
        };
      }
      return {
        ok: true,
        message: {
          ...base,
          channel: 'whatsapp',
          sender: twilioSender(settings, 'whatsapp'),
          statusCallback,
          content: direct.content,
        },
        ...none,
        whatsappMode: direct.content.mode,
        contentSid: direct.content.mode === 'template' ? direct.content.contentSid : null,
      };
    }
    case 'email':
      return {
        ok: true,
        message: {
          ...base,
          channel: 'email',
          from: deps.config.mailFrom,
          subject: direct.subject,
          text: direct.text,
        },
        ...none,
      };
  }
}

/**
 * The shop's location pin (`twilio/location`, synchronised by `templates:sync` from the shop
 * settings): only inside the 24 h window, where no approval is needed; outside it (the window
 * closed since its message left) it fails `location_outside_window` — the message's approved
 * template carries the maps button instead. A pin the Content API does not hold yet (settings
 * changed since the last sync) fails `location_not_synchronised`.
 */
async function renderLocation({ deps, job, whatsappMode }: RenderContext): Promise<Built> {
  if (job.channel !== 'whatsapp' || !job.to) {
    return { ok: false, code: 'invalid_location', message: 'a location pin goes on WhatsApp only' };
  }
  if (whatsappMode !== 'free_text') {
    return {
      ok: false,
      code: 'location_outside_window',
      message: 'the 24 h WhatsApp window is closed: a location cannot be sent as a template',
    };
  }
  const settings = await deps.settings.get();
  const name = shopLocationOfSettings(settings.shop).friendlyName;
  const content = settings.whatsappTemplates[name];
  if (!content) {
    return {
      ok: false,
      code: 'location_not_synchronised',
      message: `the shop's location ${name} is not in the Content API yet: run templates:sync`,
    };
  }
  return {
    ok: true,
    message: {
      channel: 'whatsapp',
      notificationId: job.notificationId,
      to: job.to,
      sender: twilioSender(settings, 'whatsapp'),
      statusCallback: statusCallbackUrl(deps.config.edgePublicUrl, job.notificationId),
      content: { mode: 'template', contentSid: content.contentSid, variables: {} },
    },
    segments: 1,
    encoding: null,
    whatsappMode: 'free_text',
    contentSid: content.contentSid,
  };
}

/** Renders any send job: a ticket notification, an automatic answer or a staff direct send. */
export async function renderJob(context: RenderContext): Promise<Built> {
  const { origin } = context.job;
  if (context.job.locationOf) return renderLocation(context);
  if (origin === 'auto_reply') return renderAnswer(context);
  if (origin === 'staff_reply' || origin === 'test') return renderDirect(context);
  return renderNotification(context);
}
