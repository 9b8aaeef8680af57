import { isoSeconds } from './dates.ts';
import { newSid } from './ids.ts';

/** A WhatsApp approval request's state. */
export interface ApprovalState {
  name: string;
  category: string;
  status: 'received' | 'pending' | 'approved' | 'rejected';
  rejectionReason: string;
}

/** A Content API template as stored. */
export interface ContentRecord {
  sid: string;
  accountSid: string;
  friendlyName: string;
  language: string;
  variables: Record<string, string>;
  types: Record<string, unknown>;
  dateCreated: Date;
  dateUpdated: Date;
  approval: ApprovalState | null;
}

const CONTENT_ORIGIN = 'https://content.twilio.com';

/** Twilio's Content JSON (`content.v1.content`); URLs use Twilio's origin, as Twilio does. */
export function toContentJson(c: ContentRecord): Record<string, unknown> {
  const url = `${CONTENT_ORIGIN}/v1/Content/${c.sid}`;
  return {
    account_sid: c.accountSid,
    date_created: isoSeconds(c.dateCreated),
    date_updated: isoSeconds(c.dateUpdated),
    friendly_name: c.friendlyName,
    language: c.language,
    links: {
      approval_create: `${url}/ApprovalRequests/whatsapp`,
      approval_fetch: `${url}/ApprovalRequests`,
    },
    sid: c.sid,
    types: c.types,
    url,
    variables: c.variables,
  };
}

/** The first content type's name (`twilio/text`, `twilio/quick-reply`, …). */
export function contentTypeOf(c: ContentRecord): string {
  return Object.keys(c.types)[0] ?? 'twilio/text';
}

/** Approval JSON (`whatsapp` object of `content.v1.content.approval_fetch`). */
export function toApprovalJson(c: ContentRecord): Record<string, unknown> {
  return {
    allow_category_change: false,
    category: c.approval?.category ?? '',
    content_type: contentTypeOf(c),
    name: c.approval?.name ?? '',
    rejection_reason: c.approval?.rejectionReason ?? '',
    status: c.approval?.status ?? 'unsubmitted',
  };
}

/** The approval fetch resource (`GET /v1/Content/{Sid}/ApprovalRequests`). */
export function toApprovalFetchJson(c: ContentRecord): Record<string, unknown> {
  return {
    account_sid: c.accountSid,
    sid: c.sid,
    url: `${CONTENT_ORIGIN}/v1/Content/${c.sid}/ApprovalRequests`,
    whatsapp: { type: 'whatsapp', ...toApprovalJson(c) },
  };
}

/** The text a template sends: its first `body` (or `title`), variables filled in. */
export function renderContent(c: ContentRecord, variables: Record<string, string>): string {
  let text = '';
  for (const value of Object.values(c.types)) {
    if (value && typeof value === 'object') {
      const fields = value as Record<string, unknown>;
      const candidate = fields.body ?? fields.title;
      if (typeof candidate === 'string') {
        text = candidate;
        break;
      }
    }
  }
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) => {
    return variables[key] ?? c.variables[key] ?? whole;
  });
}

/** Templates in memory, newest first. */
export class ContentStore {
  readonly #bySid = new Map<string, ContentRecord>();

  create(
    input: Omit<ContentRecord, 'sid' | 'dateCreated' | 'dateUpdated' | 'approval'>,
  ): ContentRecord {
    const now = new Date();
    const record: ContentRecord = {
      ...input,
      sid: newSid('HX'),
      dateCreated: now,
      dateUpdated: now,
      approval: null,
    };
    this.#bySid.set(record.sid, record);
    return record;
  }

  get(sid: string): ContentRecord | undefined {
    return this.#bySid.get(sid);
  }

  delete(sid: string): boolean {
    return this.#bySid.delete(sid);
  }

  all(): ContentRecord[] {
    return [...this.#bySid.values()].reverse();
  }

  clear(): void {
    this.#bySid.clear();
  }
}
