import { type CustomerReport, customerReport, FINAL } from './report.ts';
import { createDemoCustomers, type DemoCustomer, type DemoTarget } from './scenario.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the notifications of one ticket change have left the pipeline (planned, then
 * sent, skipped, deferred…), so the next status change does not make them obsolete: a
 * status that changes again before dispatch is skipped as `superseded`, by design.
 */
async function waitForDispatch(target: DemoTarget, ticketId: string, kind: string): Promise<void> {
  const deadline = Date.now() + (target.stepTimeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    const snap = await target.db
      .collection('notification_history')
      .where('ticketId', '==', ticketId)
      .get();
    const docs = snap.docs.filter((d) => d.get('kind') === kind);
    if (
      docs.length > 0 &&
      docs.every((d) => !['planned', 'sending'].includes(String(d.get('status'))))
    )
      return;
    await sleep(150);
  }
  target.log(`(still waiting for ${kind} of ${ticketId}: going on)`);
}

async function reply(target: DemoTarget, from: string, channel: 'sms' | 'whatsapp', body: string) {
  if (!target.sandboxUrl) {
    target.log(`(real Twilio: send "${body}" from ${from} yourself)`);
    return;
  }
  const response = await fetch(`${target.sandboxUrl}/_sandbox/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: channel === 'whatsapp' ? `whatsapp:${from}` : from, body }),
  });
  if (!response.ok)
    throw new Error(`sandbox inbound: HTTP ${response.status} ${await response.text()}`);
}

/**
 * `pnpm demo`: on the running stack, creates four customers with tickets, walks the tickets
 * through their statuses (each write goes through the bridge → triggers → send queue → Twilio
 * sandbox / mail / push catcher), makes one customer reply STOP and another ask HORAIRES
 * through the sandbox (signed webhook → worker → queue → ingestion), changes a status once more,
 * waits for final statuses and returns what happened to each customer.
 */
export async function runDemo(target: DemoTarget): Promise<CustomerReport[]> {
  const { db, log } = target;
  const step = target.stepMs ?? 2_000;
  const customers = await createDemoCustomers(db);
  const setStatus = async (ticketId: string, status: string) => {
    await db.doc(`tickets/${ticketId}`).update({
      status,
      updatedAt: new Date(),
      ...(status === 'completed' ? { completedAt: new Date(), amountDueEur: 89 } : {}),
    });
  };
  for (const c of customers) {
    log(`${c.label}: ticket ${c.ticketId} received`);
    await db.doc(`tickets/${c.ticketId}`).set({
      clientId: c.clientId,
      customerId: c.customerId,
      device: 'iPhone 13',
      status: 'received',
      trackingCode: `OM-DEMO-${c.ticketId.slice(-4).toUpperCase()}`,
      appointmentAt: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
  }
  const kindOf = (c: DemoCustomer, status: string) =>
    status === 'received'
      ? c.customerId
        ? 'ticket_received'
        : 'walk_in_welcome'
      : `status_${status}`;
  await Promise.all(
    customers.map((c) => waitForDispatch(target, c.ticketId, kindOf(c, 'received'))),
  );
  const longest = Math.max(...customers.map((c) => c.walk.length));
  for (let i = 0; i < longest; i += 1) {
    await sleep(step);
    const moved: DemoCustomer[] = [];
    for (const c of customers) {
      const status = c.walk[i];
      if (!status) continue;
      log(`${c.label.split(' —')[0]}: ${status}`);
      await setStatus(c.ticketId, status);
      moved.push(c);
    }
    await Promise.all(
      moved.map((c) => waitForDispatch(target, c.ticketId, kindOf(c, c.walk[i] ?? ''))),
    );
  }
  await sleep(step);
  for (const c of customers) {
    if (!c.reply || !c.e164) continue;
    log(`${c.label.split(' —')[0]} replies "${c.reply.body}" (${c.reply.channel})`);
    await reply(target, c.e164, c.reply.channel, c.reply.body);
  }
  // Let the replies travel: sandbox → worker → queue (batches every 2 s) → ingestion. The
  // STOP must have landed before the next status change, or that change would still be sent.
  const stopped = customers.filter((c) => c.reply?.body === 'STOP' && c.e164);
  const deadline0 = Date.now() + (target.stepTimeoutMs ?? 20_000);
  while (Date.now() < deadline0) {
    const done = await Promise.all(
      stopped.map(async (c) => (await db.doc(`suppressions/${c.e164}`).get()).exists),
    );
    if (done.every(Boolean)) break;
    await sleep(250);
  }
  await sleep(step);
  for (const c of customers) {
    for (const status of c.after ?? []) {
      log(`${c.label.split(' —')[0]}: ${status}`);
      await setStatus(c.ticketId, status);
    }
  }
  // Wait until every notification has a final status (or the time is up).
  const deadline = Date.now() + (target.settleMs ?? 45_000);
  let reports: CustomerReport[] = [];
  for (;;) {
    await sleep(1_000);
    reports = await Promise.all(customers.map((c) => customerReport(db, c)));
    const pending = reports
      .flatMap((r) => r.lines)
      .filter((l) => !FINAL.has(l.status) && l.channel !== 'email' && l.channel !== 'push');
    if (pending.length === 0 || Date.now() > deadline) break;
  }
  return reports;
}
