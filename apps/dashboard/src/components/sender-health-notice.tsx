import { useSettings } from '../api/hooks.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

/**
 * While the WhatsApp sender is offline, flagged by Meta (quality LOW) or not ready — the
 * `whatsappHealth` schedule's last reading of Twilio's Senders API — WhatsApp notifications go
 * by SMS: the overview says so, with since when and Twilio's reason. Nothing otherwise.
 */
export function SenderHealthNotice() {
  const { t, locale } = useI18n();
  const sender = useSettings().data?.whatsappSender;
  if (!sender || sender.available) return null;
  const cause =
    sender.cause === 'flagged' || sender.cause === 'not_ready' ? sender.cause : 'offline';
  const reason = sender.offlineReasons?.find((r) => r.message)?.message ?? null;
  return (
    <div className="state sender-health" role="status">
      <strong>{t(`senderHealth.${cause}`)}</strong> {t('senderHealth.fallback')}
      <p className="muted small">
        {t('senderHealth.details', {
          status: sender.status,
          quality: sender.qualityRating,
          since: formatDateTime(sender.since ?? sender.checkedAt, locale),
        })}
        {reason ? ` — ${reason}` : ''}
      </p>
    </div>
  );
}
