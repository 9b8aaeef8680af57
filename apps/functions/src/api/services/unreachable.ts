// "Who can't we reach?": the customers page's worklist. Customers with an open ticket come
// first (oldest ticket first), then every other customer with a problem the counter can fix.
import {
  type Channel,
  type NotificationSettings,
  OPEN_TICKET_STATUSES,
  type UnreachableReason,
  unreachability,
} from '@omega/core';
import { type DocumentSnapshot, type Firestore, Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import {
  type CustomerKind,
  type LoadedCustomer,
  loadCustomers,
  reachabilities,
} from '../../customers/index.ts';
import { ApiError, iso, num, str } from '../../http/index.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import type { CustomerSummary } from '../types.ts';
import { summaryOf } from './customers.ts';

/** Source documents (tickets, clients, profiles) one request reads at most. */
export const WORKLIST_SCAN_PER_PAGE = 100;
/** Open tickets read per listed customer (their oldest one decides where they are listed). */
const OPEN_TICKETS_PER_CUSTOMER = 10;
const BATCH = 50;
/** Tickets sharing the cursor's `createdAt` a page may step over. */
const TIE_ALLOWANCE = 20;

/** A customer's oldest open ticket, as the worklist shows it. */
export interface WorklistTicket {
  id: string;
  device: string;
  status: string;
  trackingCode: string;
  createdAt: string | null;
}

/** One row of the worklist. */
export interface WorklistItem {
  customer: CustomerSummary;
  /** Open tickets (neither picked up nor cancelled), at most 10 counted. */
  openTickets: number;
  /** The oldest open ticket, `null` when none. */
  ticket: WorklistTicket | null;
  /** The channels a service message could use now. */
  reachable: Channel[];
  /** Core's reasons, each with the counter action (`unreachability`). */
  reasons: UnreachableReason[];
}

/** One page of the worklist. */
export interface Worklist {
  items: WorklistItem[];
  /** Pass it back as `cursor` for the next page; `null` when the whole shop has been read. */
  nextCursor: string | null;
  /** Source documents read by this page (tickets, clients, profiles). */
  scanned: number;
  /** Every document this page read (billed reads), for the cost statement of the API README. */
  documentsRead: number;
  /**
   * The coverage counters (first page only): customers no channel reaches, out of all. `null`
   * when the counters do not exist yet.
   */
  coverage: { customersTotal: number; reachableAny: number; unreachable: number } | null;
}

/** Where a page stopped: the phase and the last source document read in it. */
const zPosition = {
  /** The last read document's order value: a `createdAt` as [seconds, nanos], or a name. */
  v: z.union([
    z.tuple([
      z.number().int().min(-62_135_596_800).max(253_402_300_799),
      z.number().int().min(0).max(999_999_999),
    ]),
    z.string().max(1500),
    z.null(),
  ]),
  id: z.string().max(1500),
};
const cursorSchema = z.discriminatedUnion('p', [
  z.object({ p: z.enum(['tickets', 'clients', 'profiles']), ...zPosition }),
  z.object({ p: z.literal('start') }),
]);
type Cursor = z.infer<typeof cursorSchema>;

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(raw: string | undefined): Cursor {
  if (!raw) return { p: 'start' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success)
    throw new ApiError(
      400,
      'invalid_cursor',
      'Curseur de page illisible : rechargez la liste depuis le début.',
    );
  return result.data;
}

interface Candidate {
  /** The source document that named the customer (its position is the cursor). */
  source: DocumentSnapshot;
  want: { kind: CustomerKind; id: string };
  /** The open ticket that named it (tickets phase). */
  ticket: DocumentSnapshot | null;
}

const ownerKey = (c: LoadedCustomer) => `${c.kind}:${c.id}`;

function ticketOf(snap: DocumentSnapshot): WorklistTicket {
  return {
    id: snap.id,
    device: str(snap.get('device')) ?? '',
    status: str(snap.get('status')) ?? '?',
    trackingCode: str(snap.get('trackingCode')) ?? '',
    createdAt: iso(snap.get('createdAt')),
  };
}

/** Oldest first: `createdAt`, then the id (the tickets query's order). */
function compareTickets(a: DocumentSnapshot, b: DocumentSnapshot): number {
  const ta = a.get('createdAt') as Timestamp | undefined;
  const tb = b.get('createdAt') as Timestamp | undefined;
  const byTime =
    ta instanceof Timestamp && tb instanceof Timestamp
      ? ta.seconds - tb.seconds || ta.nanoseconds - tb.nanoseconds
      : 0;
  return byTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * One page of the "who can't we reach?" worklist: customers core's {@link unreachability} lists
 * (no channel while a ticket is open, a problem with the number, a withdrawn channel), with the
 * reasons and counter actions. Read in three phases, each in a stable order the cursor resumes:
 * open tickets (`status in …`, oldest `createdAt` first; each customer appears once, at their
 * oldest open ticket), then walk-in clients, then registered profiles by id (those with an open
 * ticket were listed in the first phase). A page stops at `limit` items or after
 * {@link WORKLIST_SCAN_PER_PAGE} source documents, whichever comes first, so its reads are bounded:
 * ≤ 100 source documents, ≤ 2 linked documents and ≤ 2 suppression entries per source document,
 * one query per customer with a reason (≤ 10 open tickets), and the coverage counters on the
 * first page — typically 3–5 reads per source document.
 */
export async function unreachableWorklist(
  db: Firestore,
  settings: NotificationSettings,
  now: Date,
  options: { cursor?: string | undefined; limit: number },
): Promise<Worklist> {
  let cursor: Cursor | null = decodeCursor(options.cursor);
  const items: WorklistItem[] = [];
  let scanned = 0;
  let documentsRead = 0;
  let coverage: Worklist['coverage'] = null;
  if (cursor.p === 'start') {
    const snap = await db.collection(COLLECTIONS.statsCoverage).doc('current').get();
    documentsRead += 1;
    if (snap.exists) {
      const customersTotal = num(snap.get('customers_total')) ?? 0;
      const reachableAny = num(snap.get('reachable_any')) ?? 0;
      coverage = {
        customersTotal,
        reachableAny,
        unreachable: Math.max(0, customersTotal - reachableAny),
      };
    }
    cursor = { p: 'tickets', v: null, id: '' };
  }
  const seenHere = new Set<string>();

  const openTicketsOf = async (c: LoadedCustomer, limit: number) => {
    const byClient = c.clientId !== null;
    const snap = await db
      .collection(COLLECTIONS.tickets)
      .where(byClient ? 'clientId' : 'customerId', '==', byClient ? c.clientId : c.customerId)
      .where('status', 'in', OPEN_TICKET_STATUSES)
      .limit(limit)
      .get();
    documentsRead += Math.max(1, snap.size);
    return snap.docs;
  };

  while (cursor !== null && items.length < options.limit && scanned < WORKLIST_SCAN_PER_PAGE) {
    const batch = Math.min(BATCH, WORKLIST_SCAN_PER_PAGE - scanned);
    const phase = cursor as Exclude<Cursor, { p: 'start' }>;
    const field = ORDER_FIELD[phase.p];
    const base =
      phase.p === 'tickets'
        ? db.collection(COLLECTIONS.tickets).where('status', 'in', OPEN_TICKET_STATUSES)
        : db.collection(phase.p === 'clients' ? COLLECTIONS.clients : COLLECTIONS.profiles);
    const from =
      phase.v === null ? null : Array.isArray(phase.v) ? new Timestamp(...phase.v) : phase.v;
    const read = await readAfter(base, field, from, phase.id, batch);
    documentsRead += read.documentsRead;
    const { docs, more } = read;
    if (more && docs.length === 0) {
      // More documents share the cursor's value than a page steps over: skip to the next value.
      cursor = { ...phase, v: nextValue(phase.v), id: '' };
      continue;
    }

    const candidates: Candidate[] = docs.map((doc): Candidate => {
      if (phase.p === 'tickets') {
        const customerId = str(doc.get('customerId'));
        const clientId = str(doc.get('clientId')) ?? '';
        return {
          source: doc,
          want: customerId ? { kind: 'profile', id: customerId } : { kind: 'client', id: clientId },
          ticket: doc,
        };
      }
      // A counter record linked to a profile is the profile's customer (read in that phase),
      // as the coverage counters count it.
      const linked = phase.p === 'clients' && str(doc.get('customerId')) !== null;
      return {
        source: doc,
        want: { kind: phase.p === 'clients' ? 'client' : 'profile', id: linked ? '' : doc.id },
        ticket: null,
      };
    });
    const wanted = candidates.map((c) => c.want).filter((w) => w.id !== '');
    const loaded = await loadCustomers(db, wanted);
    documentsRead += loaded.documentsRead;
    const byWant = new Map(
      wanted.map((w, i) => [`${w.kind}/${w.id}`, loaded.customers[i] ?? null] as const),
    );
    const customers = candidates.map((c) =>
      c.want.id === '' ? null : (byWant.get(`${c.want.kind}/${c.want.id}`) ?? null),
    );
    const present = customers.filter((c): c is LoadedCustomer => c !== null);
    const reach = await reachabilities(db, present, settings, now);
    documentsRead += reach.documentsRead;
    const reachOf = new Map(present.map((c, i) => [c, reach.results[i]] as const));

    let stoppedAt: DocumentSnapshot | null = null;
    for (const [i, candidate] of candidates.entries()) {
      if (items.length >= options.limit) break;
      stoppedAt = candidate.source;
      scanned += 1;
      const customer = customers[i];
      const r = customer ? reachOf.get(customer) : undefined;
      if (!customer || !r) continue;
      const key = ownerKey(customer);
      if (seenHere.has(key)) continue;
      const verdict = unreachability(r.recipient, {
        now,
        settings,
        hasOpenTicket: candidate.ticket !== null,
      });
      if (!verdict.listed) continue;
      seenHere.add(key);
      const item = await itemOf(customer, candidate.ticket, verdict);
      if (item) items.push(item);
    }

    const processedAll = stoppedAt !== null && stoppedAt === docs.at(-1);
    if (!more && (docs.length === 0 || processedAll)) {
      // The phase was read to its end: the next one starts from its beginning.
      cursor =
        phase.p === 'tickets'
          ? { p: 'clients', v: null, id: '' }
          : phase.p === 'clients'
            ? { p: 'profiles', v: null, id: '' }
            : null;
    } else if (stoppedAt !== null) {
      cursor = { p: phase.p, v: positionValue(stoppedAt.get(field)), id: stoppedAt.id };
    }
  }

  /** The row of a listed customer; `null` when another place of the list has them. */
  async function itemOf(
    customer: LoadedCustomer,
    ticket: DocumentSnapshot | null,
    verdict: ReturnType<typeof unreachability>,
  ): Promise<WorklistItem | null> {
    const row = {
      customer: summaryOf(customer),
      reachable: verdict.reachable,
      reasons: verdict.reasons,
    };
    if (ticket) {
      const open = await openTicketsOf(customer, OPEN_TICKETS_PER_CUSTOMER);
      const all = open.some((t) => t.id === ticket.id) ? open : [...open, ticket];
      const oldest = [...all].sort(compareTickets)[0];
      // Listed once, at their oldest open ticket (an earlier page, or later in this one).
      if (oldest && oldest.id !== ticket.id) return null;
      return { ...row, openTickets: all.length, ticket: ticketOf(ticket) };
    }
    // A customer with a dated open ticket was decided in the tickets phase.
    const open = await openTicketsOf(customer, 1);
    if (open.some((t) => t.get('createdAt') instanceof Timestamp)) return null;
    return { ...row, openTickets: open.length, ticket: open[0] ? ticketOf(open[0]) : null };
  }

  return {
    items,
    nextCursor: cursor === null ? null : encodeCursor(cursor),
    scanned,
    documentsRead,
    coverage,
  };
}

/**
 * What each phase is read in order of: tickets by creation, clients by `name`, profiles by
 * `lastName` (the data model's required fields; a document without it is not read here).
 */
const ORDER_FIELD = { tickets: 'createdAt', clients: 'name', profiles: 'lastName' } as const;

type OrderValue = Timestamp | string;

function positionValue(v: unknown): [number, number] | string | null {
  if (v instanceof Timestamp) return [v.seconds, v.nanoseconds];
  return typeof v === 'string' ? v : null;
}

function nextValue(v: [number, number] | string | null): [number, number] | string | null {
  if (v === null) return null;
  if (typeof v === 'string') return `${v}\u0000`;
  const next = Timestamp.fromMillis(new Timestamp(...v).toMillis() + 1);
  return [next.seconds, next.nanoseconds];
}

function compareValues(a: unknown, b: unknown): number {
  if (a instanceof Timestamp && b instanceof Timestamp)
    return a.seconds - b.seconds || a.nanoseconds - b.nanoseconds;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

/**
 * The next `batch` documents of `query` in (`field`, id) order after the position (`from`,
 * `afterId`). A range on `field` rather than `startAfter`, as the history page does, so the
 * same query runs on Firestore and on the embedded server (which has neither cursors nor
 * document-id order): documents sharing the position's value are fetched again (up to
 * {@link TIE_ALLOWANCE}), put in id order here and stepped over.
 */
async function readAfter(
  query: FirebaseFirestore.Query,
  field: string,
  from: OrderValue | null,
  afterId: string,
  batch: number,
): Promise<{ docs: DocumentSnapshot[]; more: boolean; documentsRead: number }> {
  const extra = from === null ? 0 : TIE_ALLOWANCE;
  const snap = await (from === null ? query : query.where(field, '>=', from))
    .orderBy(field, 'asc')
    .limit(batch + extra)
    .get();
  const sorted = [...snap.docs].sort(
    (a, b) => compareValues(a.get(field), b.get(field)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const after = sorted.filter(
    (d) => from === null || compareValues(d.get(field), from) !== 0 || d.id > afterId,
  );
  return {
    docs: after.slice(0, batch),
    more: snap.size === batch + extra || after.length > batch,
    documentsRead: Math.max(1, snap.size),
  };
}
