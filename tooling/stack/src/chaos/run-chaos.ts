import { seededRandom } from '@omega/core';
import {
  reconcileStuckMessages,
  sweepShopEmails,
  sweepStuckNotifications,
} from '@omega/functions/local';
import type { FaultOptions } from '@omega/twilio-sandbox';
import type { Firestore } from 'firebase-admin/firestore';
import { type LogSink, memorySink } from '../log.ts';
import { startStack } from '../stack.ts';
import { type ActionVerdict, actionsOk, type ChaosTap, judgeActions } from './actions-oracle.ts';
import {
  type ConsentEvent,
  isFinal,
  type JudgedDoc,
  judge,
  type OracleChannel,
  type OracleCustomer,
  type SentRecord,
  unconsentedReason,
  type Verdict,
} from './oracle.ts';

/** Options of {@link runChaos}. */
export interface ChaosOptions {
  /** Ticket events written (creations and status changes); the issue's target is ≥ 1,000. */
  events: number;
  /** Fixes the workload (customers, tickets, events, consent changes) and every fault share. */
  seed: number;
  /** Share of step boundaries of the send path and the ingestion that throw (default 3 %). */
  pipelineFaultShare?: number;
  /** The sandbox's faults (default: 20 % 429, 5 % 500, 5 % hang-after, 2 % reset, bad callbacks). */
  sandboxFaults?: FaultOptions;
  /** Where the stack's log lines go (default: the last lines kept in memory, printed on failure). */
  sink?: LogSink;
  /** Longest wait for the system to be quiet after the last event (default 180 s). */
  quietTimeoutMs?: number;
  /** Progress lines (default none). */
  progress?: (line: string) => void;
  /** Share of quotes the customer answers with a WhatsApp button tap (default 60 %). */
  tapShare?: number;
}

/** What a run measured. */
export interface ChaosReport {
  seed: number;
  events: number;
  customers: number;
  tickets: number;
  consentEvents: number;
  /** Faults thrown by the pipeline's fault points, by point. */
  pipelineFaults: Record<string, number>;
  /** Faults the sandbox applied, by kind (its message records). */
  sandboxFaults: Record<string, number>;
  /** Trigger deliveries beyond the first. */
  extraDeliveries: number;
  verdict: Verdict;
  /** Sent messages the consent oracle refuses, with its reason. */
  unconsented: string[];
  /** The quote buttons tapped while faults fired, judged (issue 16). */
  actions: ActionVerdict;
  wallMs: number;
  quietMs: number;
  /** True when every target (0 duplicates, lost, unrecorded, unconsented, non-terminal) holds. */
  ok: boolean;
}

/** The issue's fault mix at the provider. */
export const DEFAULT_SANDBOX_FAULTS: FaultOptions = {
  rate429: 0.2,
  rate500: 0.05,
  rateHangAfter: 0.05,
  rateResetAfter: 0.02,
  retryAfterSeconds: 1,
  duplicateCallbacks: 0.1,
  outOfOrderCallbacks: 0.1,
  lateCallbacks: 0.1,
  lateMs: 1_500,
};

const STATUS_PATH = [
  'received',
  'diagnosing',
  'quote_pending',
  'waiting_for_parts',
  'in_repair',
  'completed',
  'picked_up',
] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The chaos suite: starts the whole stack (embedded Firestore, bridges, the functions, the
 * Twilio sandbox with random faults, the webhook worker in workerd, the mail catcher), injects
 * faults at every step boundary of the send path and the ingestion, delivers triggers up to
 * three times concurrently, writes `events` ticket events for walk-ins and registered customers
 * while STOPs and consent withdrawals race the sends; then waits for quiet (the sweeper and the
 * reconciliation with small deadlines) and judges: duplicates at the provider, lost, sent but
 * unrecorded, unconsented (an oracle written from the consent rules), non-terminal.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const progress = options.progress ?? (() => {});
  const workload = seededRandom(options.seed).next;
  const copiesRandom = seededRandom(options.seed + 1).next;
  const faultRandom = seededRandom(options.seed + 2).next;
  const chance = (p: number) => workload() < p;
  const customersCount = Math.max(12, Math.round(options.events / 5));
  const ticketsCount = Math.max(8, Math.round(options.events / 3));
  const customers = makeCustomers(customersCount, chance);
  let extraDeliveries = 0;

  const stack = await startStack({
    env: { ...process.env, GCLOUD_PROJECT: 'demo-omega-chaos', STACK_SKIP: '' },
    ports: {
      firestore: 0,
      auth: 0,
      functions: 0,
      sandbox: 0,
      smtp: 0,
      mailWeb: 0,
      worker: 0,
      dashboard: 0,
    },
    skip: ['scheduler', 'auth', 'dashboard'],
    timings: 'instant',
    backoffScale: 0.01,
    bridgeRetry: { attempts: 6, firstDelayMs: 50 },
    sink: options.sink ?? memorySink(3000),
    sandboxFaults: { ...(options.sandboxFaults ?? DEFAULT_SANDBOX_FAULTS), seed: options.seed },
    twilioTimeoutMs: 1_500,
    triggerCopies: () => {
      const roll = copiesRandom();
      const extra = roll < 0.1 ? 2 : roll < 0.3 ? 1 : 0;
      extraDeliveries += extra;
      return extra;
    },
    beforeTriggers: (db) => seedShop(db, customers),
  });
  try {
    const { db } = stack;
    const deps = stack.functions.deps;
    const sandbox = stack.sandbox;
    if (!sandbox) throw new Error('chaos: needs the Twilio sandbox (unset TWILIO_* variables)');
    deps.config.leaseMs = 3_000;
    const pipelineFaults: Record<string, number> = {};
    const share = options.pipelineFaultShare ?? 0.03;
    deps.faults = {
      hit(point, id) {
        if (faultRandom() >= share) return;
        pipelineFaults[point] = (pipelineFaults[point] ?? 0) + 1;
        throw new Error(`chaos: fault injected at ${point} (${id})`);
      },
    };

    // The events, with consent changes racing them.
    const consent: ConsentEvent[] = [];
    const stops: Array<{ e164: string; channel: 'sms' | 'whatsapp' }> = [];
    // Quote answers: a WhatsApp button tap from the ticket's customer (sometimes a second tap the
    // other way, sometimes a payload naming another customer's ticket), racing the sends.
    const taps: ChaosTap[] = [];
    const tapShare = options.tapShare ?? 0.6;
    const tap = (
      from: OracleCustomer,
      ticketId: string,
      action: ChaosTap['action'],
      foreign: boolean,
      delayMs: number,
    ) =>
      sleep(delayMs)
        .then(() =>
          sandbox.simulateInbound({
            from: from.e164,
            channel: 'whatsapp',
            body: action === 'quote_accept' ? "J'accepte le devis" : 'Je refuse le devis',
            buttonPayload: `ticket:${ticketId}:${action}`,
            buttonText: action === 'quote_accept' ? "J'accepte le devis" : 'Je refuse le devis',
          }),
        )
        .then((sent) => {
          if (sent.ok)
            taps.push({ sid: String(sent.value.message.sid), ticketId, action, foreign });
        });
    const ticketStep = new Map<string, number>();
    const writes: Promise<unknown>[] = [];
    let consentEvents = 0;
    for (let i = 0; i < options.events; i++) {
      const created = ticketStep.size;
      const ticketIndex =
        created < ticketsCount && (created === 0 || chance(0.4))
          ? created
          : Math.floor(workload() * created);
      const ticketId = `chaos-t${ticketIndex}`;
      const step = ticketStep.get(ticketId);
      const customer = customers[ticketIndex % customers.length] as OracleCustomer;
      if (step === undefined) {
        ticketStep.set(ticketId, 0);
        writes.push(db.doc(`tickets/${ticketId}`).set(ticketDoc(ticketIndex, customer)));
      } else if (step + 1 < STATUS_PATH.length) {
        ticketStep.set(ticketId, step + 1);
        const status = chance(0.05) ? 'cancelled' : STATUS_PATH[step + 1];
        if (status === 'cancelled') ticketStep.set(ticketId, STATUS_PATH.length);
        writes.push(
          db.doc(`tickets/${ticketId}`).update({
            status,
            ...(status === 'quote_pending' ? { quoteAmountEur: 89 } : {}),
          }),
        );
        if (status === 'quote_pending' && chance(tapShare)) {
          const first = chance(0.7) ? 'quote_accept' : 'quote_decline';
          writes.push(tap(customer, ticketId, first, false, Math.floor(workload() * 400)));
          if (chance(0.3)) {
            const other = first === 'quote_accept' ? 'quote_decline' : 'quote_accept';
            writes.push(tap(customer, ticketId, other, false, Math.floor(workload() * 400)));
          }
          if (chance(0.15) && created > 1) {
            const foreignIndex = (ticketIndex + 1) % created;
            const owner = customers[foreignIndex % customers.length] as OracleCustomer;
            if (owner.clientId !== customer.clientId)
              writes.push(tap(customer, `chaos-t${foreignIndex}`, 'quote_accept', true, 200));
          }
        }
      }
      if (chance(0.04)) {
        consentEvents += 1;
        const who = customers[Math.floor(workload() * customers.length)] as OracleCustomer;
        if (who.customerId && chance(0.5)) {
          const channel = (['sms', 'email', 'whatsapp'] as const)[
            Math.floor(workload() * 3)
          ] as OracleChannel;
          writes.push(
            db
              .doc(`customer_profiles/${who.customerId}`)
              .update({ [`notificationPreferences.${channel}Enabled`]: false })
              .then((result) => {
                consent.push({
                  kind: 'preference_off',
                  customerId: who.customerId as string,
                  channel,
                  at: result.writeTime.toDate(),
                });
              }),
          );
        } else {
          const channel = who.customerId && chance(0.3) ? 'whatsapp' : 'sms';
          stops.push({ e164: who.e164, channel });
          writes.push(sandbox.simulateInbound({ from: who.e164, body: 'STOP', channel }));
        }
      }
      if (i % 50 === 49) progress(`${i + 1}/${options.events} events written`);
      await sleep(Math.floor(workload() * 12));
    }
    await Promise.allSettled(writes);
    progress('events written; waiting for quiet');

    // Quiet: faults off, then the sweeper and the reconciliation with small deadlines.
    await stack.functions.settle(5_000);
    deps.faults = undefined;
    const quietStarted = Date.now();
    const deadline = quietStarted + (options.quietTimeoutMs ?? 180_000);
    for (let round = 0; ; round++) {
      await stack.functions.settle(5_000);
      await sweepStuckNotifications(deps, { graceMs: 3_000, maxRedrives: 5 });
      await sweepShopEmails(deps, { graceMs: 3_000 });
      await reconcileStuckMessages(deps, { olderThanMs: 3_000 });
      await stack.functions.settle(5_000);
      const open = await openDocuments(db, new Date());
      // A tap whose ingestion failed (a fault) waits in the worker's queue for its retry (15 s
      // first): quiet means it has been ingested too, or the deadline says it never was.
      const unapplied = await unappliedTaps(db, taps);
      if ((open === 0 && unapplied === 0) || Date.now() > deadline) break;
      if (round % 5 === 4)
        progress(`${open} notifications not terminal yet, ${unapplied} taps not ingested yet`);
      await sleep(1_000);
    }
    const quietMs = Date.now() - quietStarted;

    for (const stop of stops) consent.push(...(await stopCommits(db, stop)));
    const docs = await readDocs(db);
    const provider = providerMessages(
      sandbox.messages().map((m) => sandbox.message(String(m.sid)) ?? m),
    );
    const verdict = judge(docs.judged, provider, new Date());
    const byClient = new Map(customers.map((c) => [c.clientId, c]));
    const byNumber = new Map(customers.map((c) => [c.e164, c]));
    const unconsented: string[] = [];
    for (const sent of await sentRecords(db, docs.raw)) {
      if (!sent.claimedAt) {
        verdict.unrecorded.push(
          `${sent.notificationId}: sent, no attempt recorded; ${await explain(db, sandbox, sent)}`,
        );
        continue;
      }
      const customer =
        (sent.clientId ? byClient.get(sent.clientId) : undefined) ??
        (sent.to ? byNumber.get(sent.to) : undefined);
      const why = unconsentedReason(sent, customer, consent);
      if (why)
        unconsented.push(`${sent.notificationId}: ${why}; ${await explain(db, sandbox, sent)}`);
    }
    const sandboxFaults: Record<string, number> = {};
    for (const listed of sandbox.messages()) {
      const fault = sandbox.message(String(listed.sid))?.requestFault;
      if (typeof fault === 'string') sandboxFaults[fault] = (sandboxFaults[fault] ?? 0) + 1;
    }
    const actions = await judgeTaps(db, taps);
    const ok =
      actionsOk(actions) &&
      verdict.duplicates.length === 0 &&
      verdict.lost.length === 0 &&
      verdict.unrecorded.length === 0 &&
      verdict.nonTerminal.length === 0 &&
      unconsented.length === 0;
    return {
      seed: options.seed,
      events: options.events,
      customers: customers.length,
      tickets: ticketStep.size,
      consentEvents,
      pipelineFaults,
      sandboxFaults,
      extraDeliveries,
      verdict,
      unconsented,
      actions,
      wallMs: Date.now() - started,
      quietMs,
      ok,
    };
  } finally {
    await stack.stop();
  }
}

function makeCustomers(count: number, chance: (p: number) => boolean): OracleCustomer[] {
  return Array.from({ length: count }, (_, i) => {
    const e164 = `+336${String(20_000_000 + i).padStart(8, '0')}`;
    const registered = chance(0.4);
    return {
      clientId: `chaos-c${i}`,
      customerId: registered ? `chaos-u${i}` : null,
      e164,
      preferences: registered
        ? {
            sms: chance(0.5),
            email: chance(0.7),
            whatsapp: chance(0.4),
            push: false,
          }
        : {},
    };
  });
}

async function seedShop(db: Firestore, customers: readonly OracleCustomer[]): Promise<void> {
  await db.doc('settings/notifications').set(
    {
      twilio: { smsFrom: 'OMEGA', whatsappFrom: 'whatsapp:+14155238886' },
      sendWindow: { startHour: 0, endHour: 24, closedWeekdays: [], closedOnPublicHolidays: false },
      retry: { baseDelayMs: 200, maxDelayMs: 2_000, maxAttempts: 6 },
      budget: { monthlyEur: 1_000_000 },
      frequencyCap: { maxPerDay: 1_000, maxPerWeek: 1_000 },
      shopEmail: 'atelier@chaos.test',
    },
    { merge: true },
  );
  let batch = db.batch();
  let n = 0;
  for (const c of customers) {
    const i = c.clientId.slice('chaos-c'.length);
    const national = `0${c.e164.slice(3)}`;
    if (c.customerId) {
      batch.set(db.doc(`clients/${c.clientId}`), {
        name: `Client ${i}`,
        firstName: `Client${i}`,
        phone: national,
        customerId: c.customerId,
      });
      batch.set(db.doc(`customer_profiles/${c.customerId}`), {
        firstName: `Client${i}`,
        lastName: 'Chaos',
        email: `client${i}@example.fr`,
        phoneNumber: c.e164,
        notificationPreferences: {
          smsEnabled: c.preferences.sms === true,
          emailEnabled: c.preferences.email === true,
          whatsappEnabled: c.preferences.whatsapp === true,
          pushEnabled: false,
        },
        pushTokens: [],
        clientId: c.clientId,
      });
    } else {
      batch.set(db.doc(`clients/${c.clientId}`), {
        name: `Client ${i}`,
        firstName: `Client${i}`,
        phone: national,
        email: Number(i) % 2 === 0 ? `walkin${i}@example.fr` : null,
      });
    }
    n += 2;
    if (n >= 400) {
      await batch.commit();
      batch = db.batch();
      n = 0;
    }
  }
  await batch.commit();
}

function ticketDoc(index: number, customer: OracleCustomer): Record<string, unknown> {
  return {
    clientId: customer.clientId,
    customerId: customer.customerId,
    device: 'iPhone 13',
    status: 'received',
    trackingCode: `OM-CH-${String(index).padStart(5, '0')}`,
    appointmentAt: null,
  };
}

async function openDocuments(db: Firestore, now: Date): Promise<number> {
  const snap = await db.collection('notification_history').get();
  return snap.docs.filter((d) => {
    if (isFinal(String(d.get('channel')), String(d.get('status')))) return false;
    const due = d.get('notBefore')?.toDate?.() as Date | undefined;
    return !due || due.getTime() <= now.getTime();
  }).length;
}

type RawDoc = { id: string; data: Record<string, unknown> };

async function readDocs(db: Firestore): Promise<{ judged: JudgedDoc[]; raw: RawDoc[] }> {
  const snap = await db.collection('notification_history').get();
  const raw = snap.docs.map((d) => ({ id: d.id, data: d.data() }));
  const judged = raw.map(({ id, data }) => {
    const metadata = (data.metadata ?? {}) as Record<string, unknown>;
    const providerId = (metadata.twilioMessageId ?? metadata.providerMessageId ?? null) as
      | string
      | null;
    const reason = (data.skipReason ?? data.errorCode ?? null) as string | null;
    const notBefore = (data.notBefore as { toDate?: () => Date } | null)?.toDate?.() ?? null;
    return {
      id,
      channel: String(data.channel),
      status: String(data.status),
      providerId,
      reason: reason ? String(reason) : null,
      notBefore,
    };
  });
  return { judged, raw };
}

/** The provider's messages by notification (the `?n=` of their status callback). */
function providerMessages(
  messages: ReadonlyArray<{ direction?: unknown; sid?: unknown; statusCallback?: unknown }>,
): Map<string, string[]> {
  const byNotification = new Map<string, string[]>();
  for (const m of messages) {
    if (m.direction !== 'outbound-api') continue;
    const callback = m.statusCallback as string | null | undefined;
    if (!callback) continue;
    const id = new URL(callback).searchParams.get('n');
    if (!id) continue;
    byNotification.set(id, [...(byNotification.get(id) ?? []), String(m.sid)]);
  }
  return byNotification;
}

/** Every sent message with the claim time of the attempt that sent it. */
async function sentRecords(db: Firestore, raw: readonly RawDoc[]): Promise<SentRecord[]> {
  const records: SentRecord[] = [];
  for (const { id, data } of raw) {
    const metadata = (data.metadata ?? {}) as Record<string, unknown>;
    if (!metadata.twilioMessageId && !metadata.providerMessageId) continue;
    const attempt = Number(data.attempts ?? 1);
    const claim = await db.doc(`send_claims/${id}~${attempt}`).get();
    const claimedAt = (claim.get('claimedAt') as { toDate?: () => Date } | undefined)?.toDate?.();
    records.push({
      notificationId: id,
      channel: data.channel as OracleChannel,
      kind: String(data.kind),
      origin: String(data.origin ?? 'ticket'),
      clientId: (data.clientId as string | null) ?? null,
      customerId: (data.customerId as string | null) ?? null,
      to: (data.to as string | null) ?? null,
      // No claim for the recorded attempt: the send path never recorded it (reported apart).
      claimedAt: claimedAt ?? null,
    });
  }
  return records;
}

/** What happened to a message the oracle refuses: its claims, its timeline, the provider's copy. */
async function explain(
  db: Firestore,
  sandbox: NonNullable<Awaited<ReturnType<typeof startStack>>['sandbox']>,
  sent: SentRecord,
): Promise<string> {
  const doc = await db.doc(`notification_history/${sent.notificationId}`).get();
  const claims = await db
    .collection('send_claims')
    .where('notificationId', '==', sent.notificationId)
    .get();
  const claimLines = claims.docs.map(
    (c) =>
      `~${c.get('attempt')} claimed ${c.get('claimedAt')?.toDate?.()?.toISOString()}${c.get('providerId') ? ` answer ${c.get('providerId')}` : ''}${c.get('outbound') ? ' handed over' : ''}`,
  );
  const timeline = ((doc.get('timeline') ?? []) as Array<Record<string, unknown>>).map(
    (t) =>
      `${t.status}@${(t.at as { toDate?: () => Date })?.toDate?.()?.toISOString()}/${t.source}${t.detail ? `:${t.detail}` : ''}`,
  );
  const sid = doc.get('metadata.twilioMessageId') as string | undefined;
  const record = sid ? sandbox.message(sid) : undefined;
  return [
    `kind ${sent.kind}, origin ${sent.origin}, attempts ${doc.get('attempts')}`,
    `claims [${claimLines.join(', ')}]`,
    `timeline [${timeline.join(', ')}]`,
    `provider ${sid ?? '-'} created ${record?.dateCreated.toISOString() ?? '?'}${record?.requestFault ? ` (${record.requestFault})` : ''}`,
  ].join('; ');
}

/** When the STOP committed: the consent record the keyword wrote (its commit time). */
async function stopCommits(
  db: Firestore,
  stop: { e164: string; channel: 'sms' | 'whatsapp' },
): Promise<ConsentEvent[]> {
  const snap = await db.collection('consent_log').where('e164', '==', stop.e164).get();
  const times = snap.docs
    .filter(
      (d) =>
        d.get('granted') === false &&
        d.get('source') === 'keyword' &&
        (d.get('channel') === stop.channel || d.get('scope') === 'all'),
    )
    .map((d) => d.createTime.toDate());
  const first = times.sort((a, b) => a.getTime() - b.getTime())[0];
  return first ? [{ kind: 'stop', e164: stop.e164, channel: stop.channel, at: first }] : [];
}

/** The report as lines (the CLI and the test print it). */
export function formatChaosReport(r: ChaosReport): string {
  const v = r.verdict;
  const faults = (m: Record<string, number>) =>
    Object.entries(m)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  const lines = [
    `chaos seed ${r.seed}: ${r.events} ticket events, ${r.tickets} tickets, ${r.customers} customers, ${r.consentEvents} consent changes racing`,
    `  faults: pipeline ${faults(r.pipelineFaults)}; sandbox ${faults(r.sandboxFaults)}; ${r.extraDeliveries} extra trigger deliveries`,
    `  planned ${v.planned}, sent ${v.sent}`,
    `  duplicates at the provider ${v.duplicates.length}, lost ${v.lost.length}, sent but unrecorded ${v.unrecorded.length}, unconsented ${r.unconsented.length}, non-terminal after quiet ${v.nonTerminal.length}`,
    `  quote taps ${r.actions.taps} (applied ${r.actions.applied}, refused ${r.actions.refused}): lost ${r.actions.lost.length}, inconsistent decisions ${r.actions.inconsistent.length}, foreign applied ${r.actions.foreignApplied.length}, shop emails wrong ${r.actions.emails.length}`,
    `  wall time ${(r.wallMs / 1000).toFixed(1)} s (quiet reached in ${(r.quietMs / 1000).toFixed(1)} s)`,
  ];
  const show = (label: string, ids: readonly string[]) => {
    if (ids.length > 0)
      lines.push(`  ${label}: ${ids.slice(0, 20).join('; ')}${ids.length > 20 ? ' …' : ''}`);
  };
  show('duplicates', v.duplicates);
  show('lost', v.lost);
  show('unrecorded', v.unrecorded);
  show('unconsented', r.unconsented);
  show('non-terminal', v.nonTerminal);
  show('actions lost', r.actions.lost);
  show('decisions inconsistent', r.actions.inconsistent);
  show('foreign applied', r.actions.foreignApplied);
  show('shop emails', r.actions.emails);
  if (!r.ok) {
    lines.push(
      `  reproduce: pnpm --filter @omega/stack chaos --events ${r.events} --seed ${r.seed}`,
    );
  }
  return lines.join('\n');
}

/** Reads back what the taps did and judges it (`actions-oracle.ts`). */
async function judgeTaps(db: Firestore, taps: readonly ChaosTap[]): Promise<ActionVerdict> {
  const [logs, emails] = await Promise.all([
    db.collection('ticket_actions').get(),
    db.collection('shop_emails').get(),
  ]);
  const tickets = [...new Set(taps.map((t) => t.ticketId))];
  const snaps =
    tickets.length > 0 ? await db.getAll(...tickets.map((id) => db.doc(`tickets/${id}`))) : [];
  return judgeActions({
    taps,
    logs: logs.docs.map((d) => ({
      id: d.id,
      ticketId: String(d.get('ticketId')),
      action: String(d.get('action')),
      outcome: String(d.get('outcome')),
      reason: (d.get('reason') as string | null) ?? null,
    })),
    decisions: new Map(
      snaps.map((s) => [s.id, (s.get('quoteDecision') as string | undefined) ?? null]),
    ),
    emails: new Map(emails.docs.map((d) => [d.id, String(d.get('status'))])),
  });
}

/** Taps whose action log is not there yet (their webhook still in the worker's retry queue). */
async function unappliedTaps(db: Firestore, taps: readonly ChaosTap[]): Promise<number> {
  if (taps.length === 0) return 0;
  const snaps = await db.getAll(...taps.map((t) => db.doc(`ticket_actions/sid_${t.sid}`)));
  return snaps.filter((s) => !s.exists).length;
}
