import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The composite indexes `firestore.indexes.json` declares, checked against every query shape the
// functions run (the staff API's services and routes, the pipeline, the schedules, ingestion).
// The embedded Firestore server used by the other tests needs no index, so a missing one would
// only show in production as FAILED_PRECONDITION: this test is where it fails instead.

type Direction = 'ASCENDING' | 'DESCENDING';
interface IndexField {
  fieldPath: string;
  order?: Direction;
  arrayConfig?: 'CONTAINS';
}
interface CompositeIndex {
  collectionGroup: string;
  queryScope: 'COLLECTION' | 'COLLECTION_GROUP';
  fields: IndexField[];
}

/** A query as Firestore plans it: equality filters, then at most one range/order field. */
interface QueryShape {
  where: string;
  collection: string;
  /** Fields filtered with `==` or `in`. */
  equality: string[];
  /** The field ordered by, or filtered with a range, and its direction (range alone: ascending). */
  order?: { field: string; direction: Direction };
  /** Further `orderBy` fields after `order`, in order. */
  thenBy?: Array<{ field: string; direction: Direction }>;
}

const root = new URL('../', import.meta.url).pathname;
const file = JSON.parse(readFileSync(join(root, 'firestore.indexes.json'), 'utf8')) as {
  indexes: CompositeIndex[];
  fieldOverrides: unknown[];
};

const HISTORY_FILTERS = ['channel', 'status', 'ticketId', 'customerId', 'clientId'] as const;

/** Every subset of `items` (the history page combines its filters freely). */
function subsets<T>(items: readonly T[]): T[][] {
  const all: T[][] = [[]];
  for (const item of items) for (const s of [...all]) all.push([...s, item]);
  return all;
}

const desc = (field: string) => ({ field, direction: 'DESCENDING' as const });
const asc = (field: string) => ({ field, direction: 'ASCENDING' as const });

/** Every query shape in apps/functions/src (update with the code: see the last test). */
const SHAPES: QueryShape[] = [
  // api/services/history.ts listHistory: any filters, a createdAt range, newest first.
  ...subsets(HISTORY_FILTERS).map((equality) => ({
    where: `history page filtered by ${equality.join(' + ') || 'nothing'}`,
    collection: 'notification_history',
    equality,
    order: desc('createdAt'),
  })),
  // api/services/customers.ts customerDetail: consent log and recent messages of one customer.
  ...['customerId', 'clientId'].flatMap((owner) => [
    {
      where: `customer detail: consent log by ${owner}`,
      collection: 'consent_log',
      equality: [owner],
      order: desc('at'),
    },
    {
      where: `customer detail: messages by ${owner}`,
      collection: 'notification_history',
      equality: [owner],
      order: desc('createdAt'),
    },
    { where: `customer detail: tickets by ${owner}`, collection: 'tickets', equality: [owner] },
    {
      where: `privacy export/erasure by ${owner}`,
      collection: 'notification_history',
      equality: [owner],
    },
  ]),
  {
    where: 'api/routes/conversations.ts: list',
    collection: 'conversations',
    equality: [],
    order: desc('lastInboundAt'),
  },
  {
    where: 'api/routes/conversations.ts: thread',
    collection: 'messages',
    equality: [],
    order: desc('at'),
  },
  {
    where: 'api/routes/tickets.ts: timeline',
    collection: 'notification_history',
    equality: ['ticketId'],
  },
  {
    where: 'api/services/analytics-reader.ts: days',
    collection: 'stats_daily',
    equality: [],
    order: asc('day'),
  },
  // api/services/search.ts: name/email prefixes (a range on one field) and phone variants (`in`).
  ...[
    ['clients', 'name'],
    ['clients', 'email'],
    ['customer_profiles', 'lastName'],
    ['customer_profiles', 'firstName'],
    ['customer_profiles', 'email'],
  ].map(([collection = '', field = '']) => ({
    where: `search: ${collection} by ${field} prefix`,
    collection,
    equality: [],
    order: asc(field),
  })),
  { where: 'search: clients by phone variants', collection: 'clients', equality: ['phone'] },
  {
    where: 'search: profiles by phone variants',
    collection: 'customer_profiles',
    equality: ['phoneNumber'],
  },
  {
    where: 'schedules/reconcile.ts: stuck messages (status in …, sentAt ≤ cutoff)',
    collection: 'notification_history',
    equality: ['status'],
    order: asc('sentAt'),
  },
  {
    where:
      'schedules/sweep.ts: open notifications past the grace (status in …, updatedAt ≤ cutoff)',
    collection: 'notification_history',
    equality: ['status'],
    order: asc('updatedAt'),
  },
  {
    where: 'pipeline/send/reconcile.ts: the owner of a provider message',
    collection: 'notification_history',
    equality: ['metadata.twilioMessageId'],
  },
  ...['send_claims', 'alerts'].map((collection) => ({
    where: `api/services/privacy.ts: erasure of a notification's ${collection}`,
    collection,
    equality: ['notificationId'],
  })),
  {
    where: 'api/services/experiment-results.ts: the messages of one experiment',
    collection: 'notification_history',
    equality: ['experiment.id'],
  },
  {
    where: 'store/wording.ts: the experiments of one kind',
    collection: 'experiments',
    equality: ['kind'],
  },
  {
    where: "stats/rebuild.ts: a conversation's inbound messages",
    collection: 'messages',
    equality: ['direction'],
  },
  {
    where: 'schedules/reconcile.ts: prices pending',
    collection: 'notification_history',
    equality: ['pricePending'],
  },
  {
    where: 'schedules/budget.ts: held sends',
    collection: 'notification_history',
    equality: ['status'],
  },
  {
    where: 'schedules/pickup-reminders.ts: completed tickets',
    collection: 'tickets',
    equality: ['status'],
  },
  {
    where: 'schedules/quote-chasers.ts: tickets waiting for a quote decision',
    collection: 'tickets',
    equality: ['status'],
  },
  {
    where: "schedules/quote-chasers.ts: a ticket's history (when its quote was sent)",
    collection: 'notification_history',
    equality: ['ticketId'],
  },
  {
    where: 'api/services/unreachable.ts: open tickets, oldest first (status in …)',
    collection: 'tickets',
    equality: ['status'],
    order: asc('createdAt'),
  },
  ...['clientId', 'customerId'].map((owner) => ({
    where: `api/services/unreachable.ts: a customer's open tickets by ${owner}`,
    collection: 'tickets',
    equality: [owner, 'status'],
  })),
  {
    where: 'ingest/inbound.ts: messages to a number, newest first',
    collection: 'notification_history',
    equality: ['to'],
    order: desc('createdAt'),
  },
  {
    where: "api/services/ticket-actions.ts: a ticket's action log, newest first",
    collection: 'ticket_actions',
    equality: ['ticketId'],
    order: desc('at'),
  },
  {
    where: 'api/services/ticket-actions.ts: "À traiter", callbacks first then oldest first',
    collection: 'ticket_actions',
    equality: ['staffTodo'],
    order: asc('staffPriority'),
    thenBy: [asc('at')],
  },
  {
    where: "api/services/ticket-actions.ts: a task's customer's conversation",
    collection: 'conversations',
    equality: ['clientId'],
  },
  {
    where: "media/photos.ts, api/routes/photos.ts: a ticket's photo chosen for the next message",
    collection: 'photos',
    equality: ['sendPending'],
  },
  {
    where: 'ingest/status-events.ts: by Twilio SID',
    collection: 'notification_history',
    equality: ['metadata.twilioMessageId'],
  },
];

/** Whether Firestore needs a composite index (single-field indexes are automatic). */
function needsComposite(shape: QueryShape): boolean {
  return shape.equality.length > 0 && shape.order !== undefined;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** An index whose fields are `equality` (any order) then `order`, in its direction. */
function exactIndex(shape: QueryShape, indexes: CompositeIndex[]): CompositeIndex | undefined {
  const order = shape.order;
  if (!order) return undefined;
  const orders = [order, ...(shape.thenBy ?? [])];
  return indexes.find((ix) => {
    if (ix.collectionGroup !== shape.collection || ix.queryScope !== 'COLLECTION') return false;
    const ordered = ix.fields.slice(shape.equality.length);
    return (
      ix.fields.length === shape.equality.length + orders.length &&
      sameSet(
        ix.fields.slice(0, shape.equality.length).map((f) => f.fieldPath),
        shape.equality,
      ) &&
      orders.every((o, i) => ordered[i]?.fieldPath === o.field && ordered[i]?.order === o.direction)
    );
  });
}

/**
 * Whether the query is served: no composite needed, an exact index, or index merging (Firestore
 * combines one `(equality field, order field)` index per equality filter when they share the
 * same ordered suffix).
 */
function covered(shape: QueryShape, indexes: CompositeIndex[]): boolean {
  if (!needsComposite(shape)) return true;
  if (exactIndex(shape, indexes)) return true;
  return shape.equality.every((field) => exactIndex({ ...shape, equality: [field] }, indexes));
}

describe('firestore.indexes.json', () => {
  it('is a well-formed index file: composite, collection-scoped, ordered fields, no duplicates', () => {
    expect(Array.isArray(file.indexes)).toBe(true);
    expect(file.fieldOverrides).toEqual([]);
    const keys = file.indexes.map((ix) => {
      expect(ix.queryScope).toBe('COLLECTION');
      expect(ix.fields.length, JSON.stringify(ix)).toBeGreaterThanOrEqual(2);
      for (const f of ix.fields) expect(['ASCENDING', 'DESCENDING']).toContain(f.order);
      return JSON.stringify([ix.collectionGroup, ix.fields]);
    });
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(SHAPES.filter(needsComposite).map((s) => [s.where, s] as const))(
    'serves %s',
    (_where, shape) => {
      expect(covered(shape, file.indexes)).toBe(true);
    },
  );

  it('declares no index that no query uses (each one costs every write)', () => {
    const used = file.indexes.filter((ix) =>
      SHAPES.filter(needsComposite).some(
        (shape) =>
          exactIndex(shape, [ix]) ||
          shape.equality.some((field) => exactIndex({ ...shape, equality: [field] }, [ix])),
      ),
    );
    expect(used).toEqual(file.indexes);
  });

  it('the coverage check is not vacuous: without an index, its queries are reported', () => {
    const without = file.indexes.filter(
      (ix) => !(ix.collectionGroup === 'consent_log' && ix.fields[0]?.fieldPath === 'clientId'),
    );
    const missing = SHAPES.filter((s) => !covered(s, without)).map((s) => s.where);
    expect(missing).toEqual(['customer detail: consent log by clientId']);
    expect(
      covered(
        {
          where: 'history by channel + status',
          collection: 'notification_history',
          equality: ['channel', 'status'],
          order: asc('createdAt'), // the other direction is another index
        },
        file.indexes,
      ),
    ).toBe(false);
  });

  it('the table names every field the code filters or orders on (add new queries above)', () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
          sources.push(readFileSync(path, 'utf8'));
      }
    };
    walk(join(root, 'src'));
    const fields = new Set<string>();
    for (const text of sources)
      for (const m of text.matchAll(/\.(?:where|orderBy)\(\s*'([^']+)'/g))
        if (m[1]) fields.add(m[1]);
    const known = new Set(
      SHAPES.flatMap((s) => [
        ...s.equality,
        ...(s.order ? [s.order.field] : []),
        ...(s.thenBy ?? []).map((o) => o.field),
      ]),
    );
    expect([...fields].filter((f) => !known.has(f))).toEqual([]);
    expect(fields.size).toBeGreaterThan(5);
  });
});
