import {
  type ArmComparison,
  type BinomialCount,
  type ComparisonRule,
  compareArms,
  DEFAULT_COMPARISON_RULE,
  type ExperimentArm,
} from '@omega/core';
import type { Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS } from '../../store/collections.ts';
import type { ExperimentDoc } from '../../store/wording.ts';

/** How long after a message an inbound message counts as its reply. */
export const REPLY_WINDOW_MS = 24 * 3_600_000;

/** The most messages one results page reads (a small shop's experiment is well below). */
export const RESULTS_MAX_MESSAGES = 2_000;

/** The rates compared between the arms. */
export type ExperimentMetric = 'delivered' | 'read' | 'replied' | 'linkOpened';

/** One arm's measures. */
export interface ArmMeasures {
  /** Messages the provider accepted in this arm. */
  sent: number;
  /** Successes and trials per metric; `null` when the channel does not report it (SMS read). */
  counts: Record<ExperimentMetric, BinomialCount | null>;
  /** Hours from the message to the ticket's pickup, for tickets picked up since. */
  pickup: { tickets: number; medianHours: number | null };
}

/** What the experiment view shows. */
export interface ExperimentResults {
  arms: Record<ExperimentArm, ArmMeasures>;
  /** Per metric, the Bayesian comparison (core's `compareArms`); `null` when not tracked. */
  comparisons: Record<ExperimentMetric, ArmComparison | null>;
  rule: ComparisonRule;
  /** True when more messages exist than one page reads (the counts are then a lower bound). */
  truncated: boolean;
  /**
   * Documents read, as Firestore bills them (a query: its documents, at least 1; a get: 1): the
   * messages (≤ 2,001), each recipient's conversation messages since the start, each ticket's
   * short links and the ticket.
   */
  reads: number;
}

type Message = {
  arm: ExperimentArm;
  status: string;
  sentAt: Date;
  to: string | null;
  ticketId: string | null;
};

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs `work` over `items`, `size` at a time (bounded parallel reads). */
async function inChunks<T, R>(
  items: T[],
  size: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  }
  return out;
}

/**
 * The per-arm measures of an experiment, from the documents its messages touched: each
 * message's history document (delivered: `delivered` or `read`; read: `read`, WhatsApp only —
 * SMS has no read receipt), the recipient's conversation (replied: an inbound message within
 * 24 h of the message), the ticket's short link (opened: `lastOpenedAt` after the message —
 * the link keeps only its last open, so an open before a later message of the same ticket is
 * credited to that later one) and the ticket (pickup delay: `updatedAt` of a picked-up ticket
 * after the message). Only messages the provider accepted count.
 */
export async function experimentResults(
  db: Firestore,
  experiment: ExperimentDoc & { id: string },
  rule: ComparisonRule = DEFAULT_COMPARISON_RULE,
): Promise<ExperimentResults> {
  const snaps = await db
    .collection(COLLECTIONS.history)
    .where('experiment.id', '==', experiment.id)
    .limit(RESULTS_MAX_MESSAGES + 1)
    .get();
  const truncated = snaps.size > RESULTS_MAX_MESSAGES;
  const billed = (n: number) => Math.max(1, n);
  let reads = billed(snaps.size);
  const messages: Message[] = [];
  for (const doc of snaps.docs.slice(0, RESULTS_MAX_MESSAGES)) {
    const sentAt = doc.get('sentAt')?.toDate?.() as Date | undefined;
    const arm = doc.get('experiment.arm') as ExperimentArm | undefined;
    if (!sentAt || (arm !== 'control' && arm !== 'variant')) continue;
    messages.push({
      arm,
      status: String(doc.get('status')),
      sentAt,
      to: (doc.get('to') as string | null) ?? null,
      ticketId: (doc.get('ticketId') as string | null) ?? null,
    });
  }

  const since = new Date(experiment.startedAt.getTime());
  const recipients = [...new Set(messages.map((m) => m.to).filter((t): t is string => !!t))];
  const inbound = new Map<string, number[]>();
  await inChunks(recipients, 20, async (to) => {
    const found = await db
      .collection(COLLECTIONS.conversations)
      .doc(to)
      .collection('messages')
      .where('at', '>=', since)
      .get();
    reads += billed(found.size);
    inbound.set(
      to,
      found.docs
        .filter((d) => d.get('direction') === 'inbound')
        .map((d) => (d.get('at')?.toDate?.() as Date | undefined)?.getTime() ?? 0),
    );
  });

  const tickets = [...new Set(messages.map((m) => m.ticketId).filter((t): t is string => !!t))];
  const opened = new Map<string, number>();
  const pickedUp = new Map<string, number>();
  await inChunks(tickets, 20, async (ticketId) => {
    const [links, ticket] = await Promise.all([
      db.collection(COLLECTIONS.shortLinks).where('ticketId', '==', ticketId).get(),
      db.collection(COLLECTIONS.tickets).doc(ticketId).get(),
    ]);
    reads += billed(links.size) + 1;
    const last = Math.max(
      0,
      ...links.docs.map(
        (d) => (d.get('lastOpenedAt')?.toDate?.() as Date | undefined)?.getTime() ?? 0,
      ),
    );
    if (last > 0) opened.set(ticketId, last);
    if (ticket.get('status') === 'picked_up') {
      const at = (ticket.get('updatedAt')?.toDate?.() as Date | undefined)?.getTime();
      if (at) pickedUp.set(ticketId, at);
    }
  });

  const whatsapp = experiment.channel === 'whatsapp';
  const measure = (arm: ExperimentArm): ArmMeasures => {
    const mine = messages.filter((m) => m.arm === arm);
    const sent = mine.length;
    const delivered = mine.filter((m) => m.status === 'delivered' || m.status === 'read').length;
    const read = mine.filter((m) => m.status === 'read').length;
    const replied = mine.filter((m) => {
      const times = (m.to && inbound.get(m.to)) || [];
      const start = m.sentAt.getTime();
      return times.some((t) => t >= start && t < start + REPLY_WINDOW_MS);
    }).length;
    const linkOpened = mine.filter(
      (m) => m.ticketId !== null && (opened.get(m.ticketId) ?? 0) >= m.sentAt.getTime(),
    ).length;
    const delays = mine
      .filter((m) => m.ticketId !== null && (pickedUp.get(m.ticketId) ?? 0) >= m.sentAt.getTime())
      .map(
        (m) => ((pickedUp.get(m.ticketId as string) as number) - m.sentAt.getTime()) / 3_600_000,
      );
    return {
      sent,
      counts: {
        delivered: { successes: delivered, trials: sent },
        read: whatsapp ? { successes: read, trials: delivered } : null,
        replied: { successes: replied, trials: sent },
        linkOpened: { successes: linkOpened, trials: sent },
      },
      pickup: { tickets: delays.length, medianHours: median(delays) },
    };
  };
  const arms = { control: measure('control'), variant: measure('variant') };
  const compare = (metric: ExperimentMetric): ArmComparison | null => {
    const control = arms.control.counts[metric];
    const variant = arms.variant.counts[metric];
    return control && variant ? compareArms(control, variant, rule) : null;
  };
  return {
    arms,
    comparisons: {
      delivered: compare('delivered'),
      read: compare('read'),
      replied: compare('replied'),
      linkOpened: compare('linkOpened'),
    },
    rule,
    truncated,
    reads,
  };
}
