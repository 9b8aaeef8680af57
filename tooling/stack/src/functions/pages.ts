import { escapeHtml } from '@omega/core';
import type { Firestore } from 'firebase-admin/firestore';

/** Core's `escapeHtml` for any value (`null` and `undefined` show as nothing). */
const esc = (value: unknown): string => escapeHtml(String(value ?? ''));

function page(title: string, body: string, refreshSeconds?: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
${refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : ''}
<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}
td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f4f4f4}code{background:#f4f4f4;padding:0 3px}.muted{color:#777}</style></head>
<body><h1>${esc(title)}</h1>${body}</body></html>`;
}

/** A push the catcher recorded (`push_outbox/{notificationId}`). */
export interface CaughtPush {
  notificationId: string;
  at: string | null;
  tokens: string[];
  title: string;
  body: string;
  data: Record<string, unknown>;
}

/** The last `limit` pushes the local push catcher recorded, newest first. */
export async function caughtPushes(db: Firestore, limit = 100): Promise<CaughtPush[]> {
  const snap = await db.collection('push_outbox').get();
  const rows = snap.docs.map((doc) => {
    const d = doc.data();
    const at = d.at as { toDate?: () => Date } | undefined;
    return {
      notificationId: doc.id,
      at: at?.toDate ? at.toDate().toISOString() : null,
      tokens: Array.isArray(d.tokens) ? (d.tokens as string[]) : [],
      title: String(d.title ?? ''),
      body: String(d.body ?? ''),
      data: (d.data as Record<string, unknown>) ?? {},
    };
  });
  rows.sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
  return rows.slice(0, limit);
}

/** The push catcher page: what FCM would have delivered (FCM has no emulator). */
export function pushPage(pushes: CaughtPush[]): string {
  const rows = pushes
    .map(
      (p) =>
        `<tr><td>${esc(p.at)}</td><td>${esc(p.title)}</td><td>${esc(p.body)}</td><td>${p.tokens.length} token(s)</td><td><code>${esc(JSON.stringify(p.data))}</code></td><td class="muted">${esc(p.notificationId)}</td></tr>`,
    )
    .join('');
  return page(
    'Push catcher',
    `<p class="muted">What Firebase Cloud Messaging would have delivered (PUSH_MODE=catcher). Reloads every 3 s. JSON: <a href="/_push.json">/_push.json</a></p>
<table><tr><th>at</th><th>title</th><th>body</th><th>to</th><th>data</th><th>notification</th></tr>${rows || '<tr><td colspan="6" class="muted">nothing yet</td></tr>'}</table>`,
    3,
  );
}

/** The functions' index page: every function, how it runs locally, and the queue. */
export function indexPage(status: {
  https: Array<{ name: string; path: string }>;
  triggers: Array<{ name: string; event: string; collection: string }>;
  schedules: Array<{
    name: string;
    schedule: string;
    timeZone: string;
    nextAt: string | null;
    lastResult: string | null;
  }>;
  queue: { pending: number; runs: number; failedRuns: number };
  bridges: Array<{ collection: string; delivered: number; failed: number; retried: number }>;
}): string {
  const https = status.https
    .map((f) => `<tr><td>${esc(f.name)}</td><td><code>${esc(f.path)}</code></td></tr>`)
    .join('');
  const triggers = status.triggers
    .map(
      (t) =>
        `<tr><td>${esc(t.name)}</td><td>${esc(t.event)}</td><td><code>${esc(t.collection)}/{id}</code></td></tr>`,
    )
    .join('');
  const schedules = status.schedules
    .map(
      (s) =>
        `<tr><td>${esc(s.name)}</td><td><code>${esc(s.schedule)}</code> ${esc(s.timeZone)}</td><td>${esc(s.nextAt)}</td><td>${esc(s.lastResult ?? '')}</td><td><form method="post" action="/_schedules/${esc(s.name)}"><button>run now</button></form></td></tr>`,
    )
    .join('');
  const bridges = status.bridges
    .map(
      (b) =>
        `<tr><td><code>${esc(b.collection)}</code></td><td>${b.delivered}</td><td>${b.retried}</td><td>${b.failed}</td></tr>`,
    )
    .join('');
  return page(
    'omega-notify functions (local)',
    `<p><a href="/_push">Push catcher</a> · <a href="/_stack.json">status JSON</a></p>
<h2>HTTPS functions</h2><table><tr><th>name</th><th>path</th></tr>${https || '<tr><td colspan="2" class="muted">none exported</td></tr>'}</table>
<h2>Firestore triggers (bridge)</h2><table><tr><th>name</th><th>on</th><th>document</th></tr>${triggers}</table>
<table><tr><th>collection</th><th>delivered</th><th>retried</th><th>failed</th></tr>${bridges}</table>
<h2>Send queue (in-process Cloud Tasks)</h2><p>${status.queue.pending} waiting · ${status.queue.runs} runs · ${status.queue.failedRuns} failed runs (retried per retryConfig)</p>
<h2>Schedules</h2><table><tr><th>name</th><th>schedule</th><th>next</th><th>last</th><th></th></tr>${schedules}</table>`,
    5,
  );
}
