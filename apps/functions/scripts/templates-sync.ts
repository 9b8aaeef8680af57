// `pnpm --filter @omega/functions templates:sync`: creates or finds every WhatsApp content
// template of @omega/templates in Twilio's Content API, requests WhatsApp approval for new
// ones and stores their HX… SIDs and approval status in settings/notifications. Uses the
// functions' environment (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_API_ORIGIN for the
// sandbox; FIRESTORE_EMULATOR_HOST or the default credentials for Firestore). Re-run it to
// refresh the approval status.
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { lazyTwilioClient } from '../src/adapters/twilio-client/index.ts';
import { syncWhatsAppTemplates } from '../src/content/sync-templates.ts';
import { readEnv } from '../src/env.ts';

const env = readEnv();
if (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN) {
  console.error('templates:sync needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (see .env.example)');
  process.exit(1);
}
const db = getFirestore(initializeApp());
const twilio = lazyTwilioClient({
  accountSid: env.TWILIO_ACCOUNT_SID,
  authToken: env.TWILIO_AUTH_TOKEN,
  origin: env.TWILIO_API_ORIGIN,
});
// The media templates' URL host is fixed at approval: the photo links' origin.
const results = await syncWhatsAppTemplates(db, twilio, {
  mediaBase: env.MEDIA_PUBLIC_URL ?? `https://${env.SHORT_LINK_DOMAIN}`,
});
for (const r of results) {
  console.log(
    `${r.friendlyName.padEnd(44)} ${r.contentSid} ${r.created ? 'created' : 'existing'} ${r.approval}${r.approvalRequested ? ' (approval requested)' : ''}`,
  );
}
console.log(
  `${results.length} templates; ${results.filter((r) => r.approval === 'approved').length} approved`,
);
process.exit(0);
