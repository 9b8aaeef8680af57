import type { DocumentSnapshot } from 'firebase-admin/firestore';
import type { DocumentChange } from '../bridge/collection-bridge.ts';
import type { DiscoveredFunction } from './discover.ts';

type FirestoreFunction = Extract<DiscoveredFunction, { kind: 'firestore' }>;

/** Whether a trigger of `fn.event` fires for this change (as Eventarc filters them). */
export function firesFor(fn: FirestoreFunction, change: DocumentChange): boolean {
  return fn.event === 'written' || fn.event === change.kind;
}

/** A snapshot of a document that does not exist (the `before` of a creation, the `after` of a deletion). */
function missing(of: DocumentSnapshot): DocumentSnapshot {
  return {
    exists: false,
    id: of.id,
    ref: of.ref,
    readTime: of.readTime,
    createTime: undefined,
    updateTime: undefined,
    data: () => undefined,
    get: () => undefined,
    isEqual: (other: DocumentSnapshot) => other === of,
  } as unknown as DocumentSnapshot;
}

/**
 * The CloudEvent a Firestore trigger's handler receives in production (`event.data`,
 * `event.params`, `event.id`…), built from the bridge's change: the snapshot for created and
 * deleted, `{ before, after }` for updated and written.
 */
export function firestoreEvent(
  fn: FirestoreFunction,
  change: DocumentChange,
  projectId: string,
): Record<string, unknown> {
  const any = change.after ?? change.before;
  if (!any) throw new Error(`${change.eventId}: a change without a snapshot`);
  const data =
    fn.event === 'created'
      ? change.after
      : fn.event === 'deleted'
        ? change.before
        : {
            before: change.before ?? missing(any),
            after: change.after ?? missing(any),
          };
  return {
    specversion: '1.0',
    id: change.eventId,
    source: `//firestore.googleapis.com/projects/${projectId}/databases/(default)`,
    type: `google.cloud.firestore.document.v1.${fn.event}`,
    time: new Date().toISOString(),
    project: projectId,
    location: fn.region,
    database: '(default)',
    namespace: '(default)',
    document: `${change.collection}/${change.id}`,
    subject: `documents/${change.collection}/${change.id}`,
    params: { [fn.param]: change.id },
    data,
  };
}
