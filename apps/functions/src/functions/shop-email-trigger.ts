import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import { REGION } from './options.ts';
import { secretsOf } from './secrets.ts';

/**
 * The shop's email about a customer's quote decision: sent when its outbox document is created
 * (`shop_emails/{emailId}`, in the decision's transaction). The sweeper re-drives one this
 * trigger never finished (`actions/shop-email.ts`).
 */
export const shopEmailOnCreate = onDocumentCreated(
  { document: 'shop_emails/{emailId}', region: REGION, secrets: secretsOf('shopEmailOnCreate') },
  async (event) => {
    const [{ sendShopEmail }, { runtime }] = await Promise.all([
      import('../actions/shop-email.ts'),
      import('./runtime.ts'),
    ]);
    await sendShopEmail(await runtime('shopEmailOnCreate'), event.params.emailId);
  },
);
