/** Twilio's webhook connection overrides: 3 retries on connect/read timeouts and 5xx. */
export const STATUS_CALLBACK_FRAGMENT = '#rc=3&rp=ct,rt,5xx';

/**
 * The status-callback URL of a notification: the edge worker's `/twilio/status` with the
 * notification id in the query, so a callback always finds its history document (even before
 * the send's own write lands), and Twilio's retry fragment.
 */
export function statusCallbackUrl(edgePublicUrl: string, notificationId: string): string {
  const base = edgePublicUrl.replace(/\/+$/, '');
  return `${base}/twilio/status?n=${encodeURIComponent(notificationId)}${STATUS_CALLBACK_FRAGMENT}`;
}
