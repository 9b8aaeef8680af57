import type { Firestore } from 'firebase-admin/firestore';
import type { DemoCustomer } from './scenario.ts';

/** One line of the report: a notification that went out, or did not and why. */
export interface ReportLine {
  kind: string;
  channel: string;
  status: string;
  to: string | null;
  costEur: number | null;
  reason: string | null;
  sent: boolean;
}

/** What happened to one customer. */
export interface CustomerReport {
  customer: DemoCustomer;
  lines: ReportLine[];
  /** Inbound messages stored for their number (conversation), oldest first. */
  replies: Array<{ body: string; intent: string | null }>;
  suppressed: boolean;
  costEur: number;
}

/** Inbound intents the pipeline answers with a `reply_*` notification. */
const ANSWERED = new Set(['help', 'hours', 'address', 'status']);

/** Statuses after which nothing changes any more. */
export const FINAL = new Set([
  'delivered',
  'read',
  'undelivered',
  'failed',
  'skipped',
  'error',
  'canceled',
]);

/** Every notification of the customer (tickets and replies), by creation time. */
export async function customerReport(
  db: Firestore,
  customer: DemoCustomer,
): Promise<CustomerReport> {
  const snap = await db
    .collection('notification_history')
    .where('clientId', '==', customer.clientId)
    .get();
  const docs = snap.docs
    .map((d) => d.data())
    .sort((a, b) => (a.createdAt?.toMillis?.() ?? 0) - (b.createdAt?.toMillis?.() ?? 0));
  const lines: ReportLine[] = docs.map((d) => {
    const status = String(d.status);
    const cost = d.metadata?.costActual ?? d.metadata?.cost ?? null;
    return {
      kind: String(d.kind),
      channel: String(d.channel),
      status,
      to: d.to ?? null,
      costEur: typeof cost === 'number' ? cost : null,
      reason:
        status === 'skipped' || status === 'deferred' || status === 'held'
          ? `${d.skipReason ?? status}${d.reasonText ? ` — ${d.reasonText}` : ''}`
          : d.errorCode
            ? `error ${d.errorCode}${d.errorMessage ? ` — ${d.errorMessage}` : ''}`
            : null,
      // Sent = a provider accepted it (its final status may still be a failure).
      sent: Boolean(d.sentAt || d.metadata?.twilioMessageId || d.metadata?.providerMessageId),
    };
  });
  const replies: CustomerReport['replies'] = [];
  let suppressed = false;
  if (customer.e164) {
    const messages = await db.collection(`conversations/${customer.e164}/messages`).get();
    for (const m of messages.docs
      .map((d) => d.data())
      .filter((m) => m.direction === 'inbound')
      .sort((a, b) => (a.at?.toMillis?.() ?? 0) - (b.at?.toMillis?.() ?? 0)))
      replies.push({ body: String(m.body ?? ''), intent: m.intent ?? null });
    suppressed = (await db.doc(`suppressions/${customer.e164}`).get()).exists;
  }
  return {
    customer,
    lines,
    replies,
    suppressed,
    costEur: lines.reduce((sum, l) => sum + (l.sent && l.costEur ? l.costEur : 0), 0),
  };
}

const eur = (n: number | null) => (n === null ? '' : `${n.toFixed(4)} €`);

/** The printed report: per customer, what went out where, its final status and cost, and what did not and why. */
export function formatReport(reports: CustomerReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push('', r.customer.label);
    for (const l of r.lines) {
      if (l.sent)
        out.push(
          `  ✓ ${l.kind.padEnd(26)} ${l.channel.padEnd(8)} ${l.status.padEnd(11)} ${eur(l.costEur).padStart(10)}${l.reason ? `  (${l.reason})` : ''}`,
        );
      else
        out.push(
          `  ✗ ${l.kind.padEnd(26)} ${l.channel.padEnd(8)} not sent: ${l.reason ?? l.status}`,
        );
    }
    if (r.lines.length === 0) out.push('  (no notification recorded)');
    for (const reply of r.replies)
      out.push(`  ← "${reply.body}"${reply.intent ? ` understood as ${reply.intent}` : ''}`);
    const asked = r.replies.filter((x) => x.intent && ANSWERED.has(x.intent));
    if (asked.length > 0 && !r.lines.some((l) => l.kind.startsWith('reply_')))
      out.push('  … no automatic answer recorded for it (yet)');
    if (r.customer.reply && r.replies.length === 0)
      out.push(
        `  ← "${r.customer.reply.body}" sent, but not stored as a conversation message (inbound handling missing?)`,
      );
    if (r.suppressed) out.push('  ⊘ number on the suppression list: no more SMS/WhatsApp');
    out.push(`  total ${eur(r.costEur)}`);
  }
  const total = reports.reduce((s, r) => s + r.costEur, 0);
  out.push(
    '',
    `All customers: ${eur(total)} estimated (actual prices are reconciled hourly from Twilio).`,
  );
  return out.join('\n');
}
