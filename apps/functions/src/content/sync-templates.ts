import {
  allWhatsAppContentTemplates,
  allWhatsAppMediaTemplates,
  type WhatsAppContentTemplate,
  type WhatsAppMediaTemplate,
} from '@omega/templates';
import type { Firestore } from 'firebase-admin/firestore';
import type { LazyTwilio } from '../adapters/twilio-client/index.ts';
import { SETTINGS_DOC } from '../store/collections.ts';
import { ts } from '../store/timestamps.ts';
import { syncShopLocation } from './sync-location.ts';

/** What `templates:sync` did for one template. */
export interface TemplateSyncResult {
  friendlyName: string;
  contentSid: string;
  created: boolean;
  approvalRequested: boolean;
  approval: string;
  /** Meta's reason when the template was rejected, else `null`. */
  rejectionReason: string | null;
}

/** Options of {@link syncWhatsAppTemplates}. */
export interface TemplateSyncOptions {
  /** Submit templates that were never submitted for WhatsApp approval (default true). */
  requestApproval?: boolean;
  /** Only these templates (default: every kind in every locale). */
  templates?: Array<WhatsAppContentTemplate | WhatsAppMediaTemplate>;
  /**
   * Also the `twilio/media` variant of each ticket notification, its media URL under this origin
   * (`MEDIA_PUBLIC_URL`: `<origin>/m/{{n}}`) — how a repair photo goes out outside the window.
   */
  mediaBase?: string;
  now?: Date;
}

type ApprovalInfo = { status?: unknown; rejection_reason?: unknown };

/**
 * `templates:sync`: makes Twilio's Content API hold every WhatsApp content template of
 * `@omega/templates` (created when missing, found by friendly name otherwise — names carry a
 * version, so an approved template is never edited in place), requests WhatsApp approval for
 * the ones never submitted, and stores each template's `HX…` SID and approval status in
 * `settings/notifications.whatsappTemplates` keyed by friendly name, with WhatsApp's rejection
 * reason when it refused one. Sending outside the 24 h window only uses templates whose status
 * is `approved`; the `whatsappHealth` schedule refreshes the approvals every 15 minutes.
 */
export async function syncWhatsAppTemplates(
  db: Firestore,
  twilio: LazyTwilio,
  options: TemplateSyncOptions = {},
): Promise<TemplateSyncResult[]> {
  const client = await twilio();
  const contents = client.content.v1.contents;
  const existing = new Map<string, string>();
  for (const item of await contents.list({ pageSize: 500 }))
    existing.set(item.friendlyName, item.sid);

  const results: TemplateSyncResult[] = [];
  const templates = [
    ...(options.templates ?? allWhatsAppContentTemplates()),
    ...(options.mediaBase ? allWhatsAppMediaTemplates(options.mediaBase) : []),
  ];
  for (const template of templates) {
    let sid = existing.get(template.friendlyName);
    const created = sid === undefined;
    if (sid === undefined) {
      // The SDK posts `params` as the JSON body: the templates package gives the wire format.
      const made = await contents.create(
        template.contentApiRequest as unknown as Parameters<typeof contents.create>[0],
      );
      sid = made.sid;
    }
    const fetched = await contents(sid).approvalFetch().fetch();
    const info = fetched.whatsapp as ApprovalInfo | undefined;
    let approval = String(info?.status ?? 'unsubmitted');
    const rejectionReason = info?.rejection_reason ? String(info.rejection_reason) : null;
    let approvalRequested = false;
    if (approval === 'unsubmitted' && options.requestApproval !== false) {
      const answer = await contents(sid).approvalCreate.create(template.approvalRequest);
      approval = String(answer.status ?? 'received');
      approvalRequested = true;
    }
    results.push({
      friendlyName: template.friendlyName,
      contentSid: sid,
      created,
      approvalRequested,
      approval,
      rejectionReason,
    });
  }

  const at = ts(options.now ?? new Date());
  const whatsappTemplates = Object.fromEntries(
    results.map((r) => [
      r.friendlyName,
      {
        contentSid: r.contentSid,
        approval: r.approval,
        rejectionReason: r.rejectionReason,
        friendlyName: r.friendlyName,
        syncedAt: at,
      },
    ]),
  );
  await db.doc(SETTINGS_DOC).set({ whatsappTemplates }, { merge: true });
  // The whole catalogue: the shop's location pin too (sent inside the window, never approved).
  if (!options.templates) await syncShopLocation(db, twilio, { now: options.now ?? new Date() });
  return results;
}
