import { useConversationMedia } from '../api/photo-hooks.ts';
import { useI18n } from '../i18n/index.tsx';

/**
 * The photos a customer sent with one WhatsApp message, inside its bubble: each stored one as
 * a thumbnail opening full size, each refused or failed one with its reason, a pending one as
 * such (fetched from Twilio just after the message arrived). One request for the whole thread.
 */
export function MessageMedia({ e164, messageSid }: { e164: string; messageSid: string }) {
  const { t } = useI18n();
  const media = useConversationMedia(e164);
  const items = media.data?.messages.find((m) => m.messageSid === messageSid)?.media ?? [];
  if (items.length === 0) return null;
  return (
    <ul className="message-media">
      {items.map((m) =>
        m.status === 'stored' && m.url ? (
          <li key={m.index}>
            <a href={m.url} target="_blank" rel="noreferrer">
              <img
                src={m.url}
                alt={t('conversations.media.alt', { n: m.index + 1 })}
                width={200}
                className="photo-img"
              />
            </a>
          </li>
        ) : (
          <li key={m.index} className="muted small">
            {m.status === 'pending'
              ? t('conversations.media.pending')
              : t('conversations.media.refused', {
                  type: m.contentType,
                  reason: m.reason?.message ?? m.status,
                })}
          </li>
        ),
      )}
    </ul>
  );
}
