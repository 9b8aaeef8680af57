import { escapeHtml } from '@omega/core';
import type { ContentRecord } from './content-store.ts';
import { describeCallbackFaults } from './faults.ts';
import { MAGIC_NUMBERS } from './magic-numbers.ts';
import type { MessageRecord } from './message-record.ts';
import type { InboxShortLinks } from './options.ts';
import { richContentHtml, richContentOf, sentVariables } from './rich-content.ts';
import { QUALITY_RATINGS, SENDER_STATUSES, type SenderRecord } from './senders.ts';
import type { WebhookDelivery } from './webhook-sender.ts';

// A URL in a message body; trailing sentence punctuation is not part of it.
const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/g;
const TRAILING = /[.,;:!?)\]]+$/;

/** Where a link found in a body opens: short links on the local origin when one is given. */
export function linkTarget(url: string, shortLinks: InboxShortLinks | undefined): string {
  if (!shortLinks) return url;
  try {
    const parsed = new URL(url);
    if (parsed.hostname.toLowerCase() !== shortLinks.domain.toLowerCase()) return url;
    return `${shortLinks.localOrigin.replace(/\/$/, '')}${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return url;
  }
}

/**
 * A message body as HTML: escaped, every http(s) URL a link opening in a new tab, short links
 * (`https://<domain>/t/<id>`) pointed at the local landing page when `shortLinks` says where.
 */
export function bodyHtml(body: string, shortLinks?: InboxShortLinks): string {
  let html = '';
  let last = 0;
  for (const match of body.matchAll(URL_IN_TEXT)) {
    const start = match.index;
    const url = match[0].replace(TRAILING, '');
    const target = linkTarget(url, shortLinks);
    const title = target === url ? '' : ` title="opens ${escapeHtml(target)}"`;
    html += `${escapeHtml(body.slice(last, start))}<a href="${escapeHtml(target)}" target="_blank" rel="noopener"${title}>${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return html + escapeHtml(body.slice(last));
}

function callbackRows(callbacks: readonly WebhookDelivery[]): string {
  if (callbacks.length === 0) return '<p class="muted">No webhook sent.</p>';
  const rows = callbacks.map((c) => {
    const what = c.kind === 'status' ? (c.params.MessageStatus ?? '') : 'inbound';
    const attempts = c.attempts
      .map((a) => `${a.status ?? a.outcome}${a.error ? ` (${escapeHtml(a.error)})` : ''}`)
      .join(' → ');
    return `<tr><td>${escapeHtml(what)}</td><td><code>${escapeHtml(c.requestedUrl)}</code></td><td class="${
      c.attempts.at(-1)?.outcome === 'ok' ? 'ok' : 'bad'
    }">${attempts || 'pending'}</td></tr>`;
  });
  return `<table><tr><th>webhook</th><th>URL</th><th>HTTP result</th></tr>${rows.join('')}</table>`;
}

/** A message's media: each image shown, with what fetching an outbound `MediaUrl` gave. */
export function mediaHtml(m: MessageRecord): string {
  if (!m.media || m.media.length === 0) return '';
  const items = m.media.map((item) => {
    const src = item.url ?? `/_sandbox/messages/${m.sid}/media/${item.sid}`;
    const fetched = item.fetched
      ? `fetched: ${item.fetched.status ?? 'no answer'} ${item.fetched.contentType ?? ''} ${item.fetched.size} B${item.fetched.error ? ` — ${item.fetched.error}` : ''}`
      : item.url
        ? 'fetching…'
        : `${item.contentType ?? ''} ${item.bytes?.length ?? 0} B`;
    const ok = item.url ? item.fetched?.status === 200 && !item.fetched.error : true;
    return `<figure class="media"><img src="${escapeHtml(src)}" alt="media ${escapeHtml(item.sid)}" loading="lazy">
<figcaption class="${ok ? 'ok' : 'bad'}"><code>${escapeHtml(item.sid)}</code> ${escapeHtml(fetched)}${item.url ? `<br><code>${escapeHtml(item.url.slice(0, 120))}</code>` : ''}</figcaption></figure>`;
  });
  return `<div class="media-list">${items.join('')}</div>`;
}

/** A sent template's pin, buttons (quick replies a tester taps) and media. */
function templateHtml(m: MessageRecord, contentOf: ContentLookup | undefined): string {
  const content = m.contentSid ? contentOf?.(m.contentSid) : undefined;
  if (!content) return '';
  const rich = richContentOf(content, sentVariables(m.contentVariables));
  return richContentHtml(m.sid, rich, m.direction === 'outbound-api' && m.channel === 'whatsapp');
}

/** Finds a Content API template by SID. */
type ContentLookup = (sid: string) => ContentRecord | undefined;

function messageCard(
  m: MessageRecord,
  shortLinks: InboxShortLinks | undefined,
  contentOf?: ContentLookup,
): string {
  const arrow = m.direction === 'inbound' ? '←' : '→';
  const facts = [
    m.channel,
    m.encoding ?? '',
    `${m.bodySegments} segment${m.bodySegments > 1 ? 's' : ''}`,
    m.price ? `${m.price} ${m.priceUnit ?? ''}` : 'price pending',
    m.errorCode ? `error ${m.errorCode}` : '',
    m.contentSid ? `template ${m.contentSid}` : '',
    // A create answered with a fault (hang-after: the sender never got this SID).
    m.requestFault ? `fault ${m.requestFault}` : '',
    m.callbackFaults && m.callbackFaults.kinds.size > 0
      ? `callbacks ${describeCallbackFaults(m.callbackFaults).join(', ')}`
      : '',
  ].filter(Boolean);
  const history = m.history
    .map((h) => `<span title="${escapeHtml(h.at)}">${escapeHtml(h.status)}</span>`)
    .join(' → ');
  return `<article class="msg ${m.direction}">
  <header><strong>${arrow} ${escapeHtml(m.to)}</strong> <span class="muted">from ${escapeHtml(m.from ?? '(service)')}</span>
  <span class="status s-${escapeHtml(m.status)}">${escapeHtml(m.status)}</span></header>
  <pre>${bodyHtml(m.body, shortLinks)}</pre>
  ${mediaHtml(m)}
  ${templateHtml(m, contentOf)}
  <p class="muted">${facts.map(escapeHtml).join(' · ')} · <code>${m.sid}</code></p>
  <p>${history}</p>
  ${callbackRows(m.callbacks)}
</article>`;
}

/** The WhatsApp sender's health (Senders API) and the form that changes it. */
export function senderSection(sender: SenderRecord): string {
  const options = (values: readonly string[], current: string) =>
    values
      .map((v) => `<option${v === current ? ' selected' : ''}>${escapeHtml(v)}</option>`)
      .join('');
  const healthy = sender.status === 'ONLINE' && sender.qualityRating !== 'LOW';
  const reasons = (sender.offlineReasons ?? [])
    .map((r) => ` · offline: ${escapeHtml(r.code)} ${escapeHtml(r.message)}`)
    .join('');
  return `<h2>WhatsApp sender</h2>
<p><code>${escapeHtml(sender.senderId)}</code> <code>${escapeHtml(sender.sid)}</code> ·
<span class="${healthy ? 'ok' : 'bad'}" id="sender-health">${escapeHtml(sender.status)}, quality ${escapeHtml(sender.qualityRating)}</span>${reasons}
<span class="muted">(GET /v2/Channels/Senders)</span></p>
<form class="reply" method="post" action="/_sandbox/senders/whatsapp">
<label>Status<select name="status">${options(SENDER_STATUSES, sender.status)}</select></label>
<label>Quality rating<select name="qualityRating">${options(QUALITY_RATINGS, sender.qualityRating)}</select></label>
<label>Offline reason code<input name="offlineReasonCode" placeholder="63112"></label>
<button>Update sender</button>
</form>`;
}

/** The inbox page: every message newest first, the reply form, the magic numbers. */
export function renderInbox(
  messages: readonly MessageRecord[],
  info: {
    accountSid: string;
    version: number;
    inboundUrl: string | undefined;
    /** Short links in bodies open there (see `SandboxOptions.shortLinks`). */
    shortLinks?: InboxShortLinks | undefined;
    /** The WhatsApp sender, with the form that flags it or takes it offline. */
    sender?: SenderRecord | undefined;
    /** The Content API's templates (a sent template's location, buttons and media are shown). */
    contentOf?: ContentLookup | undefined;
  },
): string {
  const magic = MAGIC_NUMBERS.map(
    (m) =>
      `<tr><td><code>${m.number}</code></td><td>${m.channel}</td><td>${m.path}</td><td>${m.code}</td><td>${escapeHtml(m.description)}</td></tr>`,
  ).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Twilio sandbox inbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem auto;max-width:60rem;padding:0 1rem;color:#222}
.msg{border:1px solid #ccc;border-radius:6px;padding:.6rem .8rem;margin:.8rem 0}
.msg.inbound{background:#f3f8ff}
pre{white-space:pre-wrap;background:#fafafa;padding:.5rem;margin:.4rem 0}
.muted{color:#777}.status{float:right;font-weight:bold}
.s-delivered,.s-read,.ok{color:#087f23}.s-undelivered,.s-failed,.bad{color:#b00020}
table{border-collapse:collapse;width:100%;font-size:12px}td,th{border-top:1px solid #eee;padding:2px 4px;text-align:left}
form.reply{display:grid;grid-template-columns:repeat(4,1fr);gap:.4rem;align-items:end}
form.reply label{display:flex;flex-direction:column;font-size:12px}
form.reply .wide{grid-column:span 4}
.rich{border-left:3px solid #25d366;padding-left:.5rem}.buttons{display:flex;flex-wrap:wrap;gap:.3rem;align-items:center}form.tap{display:inline}.button{border:1px solid #aaa;border-radius:4px;padding:1px 6px}
.media-list{display:flex;flex-wrap:wrap;gap:.5rem}.media{margin:0;max-width:14rem;font-size:11px}
.media img{max-width:14rem;max-height:10rem;display:block;border:1px solid #ddd}
</style></head>
<body>
<h1>Twilio sandbox inbox</h1>
<p class="muted">Account <code>${escapeHtml(info.accountSid)}</code> · ${messages.length} message(s) ·
inbound webhook: <code>${escapeHtml(info.inboundUrl ?? 'not configured')}</code> ·
JSON: <a href="/_sandbox/messages">/_sandbox/messages</a>${
    info.shortLinks
      ? ` · short links <code>${escapeHtml(info.shortLinks.domain)}</code> open on <code>${escapeHtml(info.shortLinks.localOrigin)}</code>`
      : ''
  }</p>
<form method="post" action="/_sandbox/reset"><button>Reset everything</button></form>
<h2>Customer reply</h2>
<form class="reply" method="post" action="/_sandbox/inbound">
<label>Channel<select name="channel"><option value="whatsapp">WhatsApp</option><option value="sms">SMS</option></select></label>
<label>From (customer)<input name="from" required placeholder="+33612345678"></label>
<label>Profile name<input name="profileName"></label>
<label>WaId<input name="waId" placeholder="digits, default from number"></label>
<label class="wide">Body<input name="body" placeholder="OUI, STOP, …"></label>
<label>ButtonPayload<input name="buttonPayload"></label>
<label>ButtonText<input name="buttonText"></label>
<label>To (your sender)<input name="to" placeholder="default sender"></label>
<label>Photo (WhatsApp)<input type="file" id="photo-file" accept="image/*,application/pdf"></label>
<label><span><input type="checkbox" name="samplePhoto" value="1"> send a sample photo</span></label>
<input type="hidden" name="mediaBase64" id="media-base64"><input type="hidden" name="mediaContentType" id="media-type">
<button>Send reply</button>
</form>
${info.sender ? senderSection(info.sender) : ''}
<h2>Messages</h2>
${messages.map((m) => messageCard(m, info.shortLinks, info.contentOf)).join('\n') || '<p class="muted">Nothing yet.</p>'}
<h2>Magic numbers</h2>
<table><tr><th>number</th><th>channel</th><th>path</th><th>code</th><th></th></tr>${magic}</table>
<script>
// A chosen photo goes as base64 in the form (the sandbox serves it at a Twilio media URL).
document.querySelector('form.reply[action="/_sandbox/inbound"]')?.addEventListener('submit', (event) => {
  const form = event.currentTarget;
  const file = document.getElementById('photo-file')?.files?.[0];
  if (!file || form.dataset.ready) return;
  event.preventDefault();
  const reader = new FileReader();
  reader.onload = () => {
    document.getElementById('media-base64').value = String(reader.result).split(',')[1] ?? '';
    document.getElementById('media-type').value = file.type || 'application/octet-stream';
    form.dataset.ready = '1';
    form.submit();
  };
  reader.readAsDataURL(file);
});
let version = ${info.version};
setInterval(async () => {
  if (document.activeElement && document.activeElement.tagName === 'INPUT') return;
  const res = await fetch('/_sandbox/messages?summary=1');
  const data = await res.json();
  if (data.version !== version) location.reload();
}, 1500);
</script>
</body></html>`;
}
