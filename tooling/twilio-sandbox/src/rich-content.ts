import { escapeHtml } from '@omega/core';
import { type ContentRecord, contentTypeOf } from './content-store.ts';

/** A button of a sent template, variables filled in. */
export interface ContentButton {
  /** `QUICK_REPLY`, `URL`, `PHONE_NUMBER`, `COPY_CODE`… */
  type: string;
  title: string;
  /** A quick reply's id: the `ButtonPayload` a tap sends back. */
  id: string | null;
  url: string | null;
  phone: string | null;
}

/** What a content template shows beyond its text: a location pin, buttons, media. */
export interface RichContent {
  type: string;
  location: {
    latitude: number;
    longitude: number;
    label: string | null;
    address: string | null;
  } | null;
  buttons: ContentButton[];
  media: string[];
}

function fill(value: unknown, content: ContentRecord, variables: Record<string, string>): string {
  return String(value ?? '').replace(
    /\{\{\s*([\w.-]+)\s*\}\}/g,
    (whole, key: string) => variables[key] ?? content.variables[key] ?? whole,
  );
}

/**
 * The rich parts of content `content` as sent with `variables` (`ContentVariables`): the
 * location of a `twilio/location`, the buttons of a quick-reply, call-to-action or card, the
 * media of a `twilio/media` or card.
 */
export function richContentOf(
  content: ContentRecord,
  variables: Record<string, string>,
): RichContent {
  const type = contentTypeOf(content);
  const fields = (content.types[type] ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (v === undefined ? null : fill(v, content, variables));
  const location =
    type === 'twilio/location'
      ? {
          latitude: Number(fields.latitude),
          longitude: Number(fields.longitude),
          label: text(fields.label),
          address: text(fields.address),
        }
      : null;
  const actions = Array.isArray(fields.actions)
    ? (fields.actions as Record<string, unknown>[])
    : [];
  const buttons = actions.map((a) => ({
    type: type === 'twilio/quick-reply' ? 'QUICK_REPLY' : String(a.type ?? ''),
    title: fill(a.title, content, variables),
    id: a.id === undefined ? null : fill(a.id, content, variables),
    url: a.url === undefined ? null : fill(a.url, content, variables),
    phone: a.phone === undefined ? null : fill(a.phone, content, variables),
  }));
  const media = Array.isArray(fields.media)
    ? fields.media.map((m) => fill(m, content, variables))
    : [];
  return { type, location, buttons, media };
}

/** The `ContentVariables` a message was sent with (`{}` when none or unreadable). */
export function sentVariables(raw: string | null): Record<string, string> {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  } catch {
    return {};
  }
}

/**
 * The inbox's view of a template's rich parts: the pin with its coordinates and label (and a
 * map link), each button with its URL, quick replies as buttons a tester taps (the form posts
 * `/_sandbox/tap`, which sends the inbound webhook Twilio would send), media as images.
 */
export function richContentHtml(messageSid: string, rich: RichContent, canTap: boolean): string {
  const parts: string[] = [];
  const loc = rich.location;
  if (loc) {
    const at = `${loc.latitude},${loc.longitude}`;
    parts.push(
      `<p class="location">📍 <strong>${escapeHtml(loc.label ?? '(no label)')}</strong>${
        loc.address ? ` — ${escapeHtml(loc.address)}` : ''
      } · <code>${escapeHtml(at)}</code> · <a href="https://www.openstreetmap.org/?mlat=${escapeHtml(String(loc.latitude))}&amp;mlon=${escapeHtml(String(loc.longitude))}" target="_blank" rel="noopener">map</a></p>`,
    );
  }
  const buttons = rich.buttons.map((b, index) => {
    if (b.type === 'QUICK_REPLY') {
      const label = `${escapeHtml(b.title)} <span class="muted">(${escapeHtml(b.id ?? '')})</span>`;
      return canTap
        ? `<form method="post" action="/_sandbox/tap" class="tap"><input type="hidden" name="messageSid" value="${escapeHtml(messageSid)}"><input type="hidden" name="index" value="${index}"><button>↩ ${label}</button></form>`
        : `<span class="button">↩ ${label}</span>`;
    }
    if (b.type === 'URL' && b.url) {
      return `<a class="button" href="${escapeHtml(b.url)}" target="_blank" rel="noopener">🔗 ${escapeHtml(b.title)}</a> <code>${escapeHtml(b.url)}</code>`;
    }
    return `<span class="button">${escapeHtml(b.type)} ${escapeHtml(b.title)} ${escapeHtml(b.phone ?? '')}</span>`;
  });
  if (buttons.length > 0) parts.push(`<div class="buttons">${buttons.join(' ')}</div>`);
  for (const url of rich.media) {
    parts.push(
      `<figure class="media"><img src="${escapeHtml(url)}" alt="template media" loading="lazy"><figcaption><code>${escapeHtml(url.slice(0, 120))}</code></figcaption></figure>`,
    );
  }
  if (parts.length === 0) return '';
  return `<div class="rich"><span class="muted">${escapeHtml(rich.type)}</span>${parts.join('')}</div>`;
}
