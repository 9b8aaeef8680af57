import { Change } from 'firebase-functions/v2';
import functionsTest from 'firebase-functions-test';
import { onTicketCreated, onTicketUpdated } from '../../src/index.ts';
import type { PipelineHarness } from './pipeline-harness.ts';

const fft = functionsTest();
const created = fft.wrap(onTicketCreated);
const updated = fft.wrap(onTicketUpdated);

/**
 * Writes the ticket to the embedded Firestore server, reads it back (a real snapshot with its
 * real create time) and runs the deployed `onTicketCreated` function on it through
 * `firebase-functions-test`, as Eventarc would.
 */
export async function createTicket(h: PipelineHarness, id: string, data: Record<string, unknown>) {
  const ref = h.db.doc(`tickets/${id}`);
  await ref.set(data);
  const snap = await ref.get();
  const event = { data: snap, params: { ticketId: id } };
  await created(event);
  return { snap, redeliver: () => created(event) };
}

/** Updates the ticket, then runs `onTicketUpdated` with the real before/after snapshots. */
export async function updateTicket(h: PipelineHarness, id: string, patch: Record<string, unknown>) {
  const ref = h.db.doc(`tickets/${id}`);
  const before = await ref.get();
  await ref.update(patch);
  const after = await ref.get();
  const event = { data: new Change(before, after), params: { ticketId: id } };
  await updated(event);
  return { before, after, redeliver: () => updated(event) };
}
