import { randomBytes } from 'node:crypto';
import { readPageRequest, slicePage } from './paging.ts';
import type { Route, RouteContext } from './route.ts';
import { type ApiResponse, notFound, twilioError } from './twilio-error.ts';

/** `channels_sender_enum_status` of Twilio's Messaging v2 description. */
export const SENDER_STATUSES = [
  'CREATING',
  'ONLINE',
  'OFFLINE',
  'PENDING_VERIFICATION',
  'VERIFYING',
  'ONLINE:UPDATING',
  'TWILIO_REVIEW',
  'DRAFT',
  'STUBBED',
] as const;

/** A sender status. */
export type SenderStatus = (typeof SENDER_STATUSES)[number];

/** Quality ratings the sandbox lets you set (Twilio's example value is `HIGH`). */
export const QUALITY_RATINGS = ['HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;

/** One reason of `offline_reasons`. */
export interface OfflineReason {
  code: string;
  message: string;
  more_info: string;
}

/** The sandbox's record of one WhatsApp sender. */
export interface SenderRecord {
  sid: string;
  /** `whatsapp:+E.164`. */
  senderId: string;
  status: SenderStatus;
  qualityRating: string;
  messagingLimit: string;
  offlineReasons: OfflineReason[] | null;
}

/** What a test or the inbox may change on the sender. */
export interface SenderPatch {
  status?: SenderStatus;
  qualityRating?: string;
  /** Twilio error code of the offline reason (default 63112 "Meta disabled the account" when going OFFLINE). */
  offlineReasonCode?: string;
  offlineReasonMessage?: string;
}

const SENDERS_ORIGIN = 'https://messaging.twilio.com';
const LIST = /^\/v2\/Channels\/Senders$/;
const ONE = /^\/v2\/Channels\/Senders\/(?<sid>XE[0-9a-fA-F]{32})$/;

/** The WhatsApp senders the account holds: one, the Messaging Service's WhatsApp number. */
export class SenderStore {
  #initial: string;
  #senders: SenderRecord[] = [];
  #onChange: () => void;

  constructor(whatsappFrom: string, onChange: () => void = () => {}) {
    this.#initial = whatsappFrom.startsWith('whatsapp:')
      ? whatsappFrom
      : `whatsapp:${whatsappFrom}`;
    this.#onChange = onChange;
    this.reset();
  }

  /** Back to one ONLINE sender with a HIGH quality rating. */
  reset(): void {
    this.#senders = [
      {
        sid: `XE${randomBytes(16).toString('hex')}`,
        senderId: this.#initial,
        status: 'ONLINE',
        qualityRating: 'HIGH',
        messagingLimit: '1K Customers/24hr',
        offlineReasons: null,
      },
    ];
  }

  all(): readonly SenderRecord[] {
    return this.#senders;
  }

  get(sid: string): SenderRecord | undefined {
    return this.#senders.find((s) => s.sid === sid);
  }

  /** The WhatsApp sender (the first one). */
  whatsapp(): SenderRecord {
    return this.#senders[0] as SenderRecord;
  }

  /** Changes the sender's status / quality, as Meta and Twilio would (see {@link SenderPatch}). */
  update(patch: SenderPatch): SenderRecord {
    const sender = this.whatsapp();
    if (patch.status !== undefined) sender.status = patch.status;
    if (patch.qualityRating !== undefined) sender.qualityRating = patch.qualityRating;
    if (sender.status === 'OFFLINE') {
      const code = patch.offlineReasonCode ?? sender.offlineReasons?.[0]?.code ?? '63112';
      sender.offlineReasons = [
        {
          code,
          message:
            patch.offlineReasonMessage ??
            sender.offlineReasons?.[0]?.message ??
            'The WhatsApp Business Account was disabled by Meta',
          more_info: `https://www.twilio.com/docs/api/errors/${code}`,
        },
      ];
    } else {
      sender.offlineReasons = null;
    }
    this.#onChange();
    return sender;
  }
}

/** A sender as `messaging.v2.channels_sender_response` (snake_case, as on the wire). */
export function toSenderJson(s: SenderRecord): Record<string, unknown> {
  return {
    sid: s.sid,
    status: s.status,
    sender_id: s.senderId,
    friendly_name: null,
    configuration: {
      waba_id: '1234567890',
      verification_method: null,
      verification_code: null,
      voice_application_sid: null,
      account_type: null,
    },
    webhook: {
      callback_url: null,
      callback_method: 'POST',
      fallback_url: null,
      fallback_method: 'POST',
      status_callback_url: null,
      status_callback_method: 'POST',
    },
    profile: {
      name: "O'MEGA Services",
      about: null,
      address: null,
      description: null,
      emails: null,
      logo_url: null,
      vertical: 'Other',
      websites: null,
      banner_url: null,
      privacy_url: null,
      terms_of_service_url: null,
      accent_color: null,
      use_case: null,
      phone_numbers: null,
    },
    compliance: null,
    properties: { quality_rating: s.qualityRating, messaging_limit: s.messagingLimit },
    offline_reasons: s.offlineReasons,
    url: `${SENDERS_ORIGIN}/v2/Channels/Senders/${s.sid}`,
  };
}

function listSenders(store: SenderStore, ctx: RouteContext): ApiResponse {
  const channel = ctx.query.get('Channel');
  if (!channel) return twilioError(400, 20001, "Missing required parameter 'Channel'");
  const paging = readPageRequest(ctx.query);
  if (!paging) return twilioError(400, 20001, 'Invalid paging parameters');
  const senders = channel === 'whatsapp' ? store.all() : [];
  const page = slicePage(senders, (s) => s.sid, paging);
  const urlFor = (index: number, token: string | null) =>
    `${SENDERS_ORIGIN}/v2/Channels/Senders?Channel=${encodeURIComponent(channel)}&PageSize=${paging.pageSize}&Page=${index}${token ? `&PageToken=${token}` : ''}`;
  return {
    status: 200,
    body: {
      senders: page.items.map(toSenderJson),
      meta: {
        first_page_url: urlFor(0, null),
        key: 'senders',
        next_page_url: page.nextToken ? urlFor(paging.page + 1, page.nextToken) : null,
        page: paging.page,
        page_size: paging.pageSize,
        previous_page_url:
          page.previousToken && paging.page > 0
            ? urlFor(paging.page - 1, page.previousToken)
            : null,
        url: urlFor(paging.page, paging.token),
      },
    },
  };
}

/** The Senders API routes (Messaging v2): list by channel and fetch. */
export function senderRoutes(store: SenderStore): Route[] {
  return [
    { method: 'GET', pattern: LIST, kind: 'twilio', handle: (ctx) => listSenders(store, ctx) },
    {
      method: 'GET',
      pattern: ONE,
      kind: 'twilio',
      handle: (ctx) => {
        const sender = store.get(ctx.groups.sid ?? '');
        return sender ? { status: 200, body: toSenderJson(sender) } : notFound(ctx.path);
      },
    },
  ];
}

/** Reads a {@link SenderPatch} from JSON or the inbox's form; a string error when invalid. */
export function readSenderPatch(source: Record<string, unknown>): SenderPatch | string {
  const patch: SenderPatch = {};
  const text = (name: string) => {
    const value = source[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const status = text('status');
  if (status !== undefined) {
    if (!(SENDER_STATUSES as readonly string[]).includes(status))
      return `status: one of ${SENDER_STATUSES.join(', ')}`;
    patch.status = status as SenderStatus;
  }
  const quality = text('qualityRating');
  if (quality !== undefined) patch.qualityRating = quality.toUpperCase();
  const code = text('offlineReasonCode');
  if (code !== undefined) patch.offlineReasonCode = code;
  const message = text('offlineReasonMessage');
  if (message !== undefined) patch.offlineReasonMessage = message;
  return patch;
}
