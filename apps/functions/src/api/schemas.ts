import { CHANNELS } from '@omega/core';
import { z } from 'zod';

/** A channel name. */
export const zChannel = z.enum(CHANNELS);

/** A Firestore document id as it may appear in a URL. */
export const zDocId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^/]+$/, 'ne doit pas contenir « / »');

/** `profile` (registered customer) or `client` (walk-in record). */
export const zCustomerParams = z.object({ kind: z.enum(['profile', 'client']), id: zDocId });

/** The version id of the consent wording shown or read to the customer. */
export const zWordingVersion = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{2,63}$/,
    'identifiant de version du texte (ex. counter-sms-2026-01)',
  );

/** A day `YYYY-MM-DD` (on the shop's calendar, `SHOP_TIME_ZONE`). */
export const zDay = z.iso.date();

/** An E.164 phone number. */
export const zE164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'numéro au format E.164 (+33…)');
