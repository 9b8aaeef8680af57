import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { updateCoverage } from '../stats/coverage.ts';
import { REGION } from './options.ts';
import { runtime } from './runtime.ts';

/** Coverage counters follow every profile write (consent, phone, email, phone status…). */
export const coverageOnProfileWrite = onDocumentWritten(
  { document: 'customer_profiles/{customerId}', region: REGION },
  async (event) => {
    const deps = await runtime();
    const settings = await deps.settings.get();
    await updateCoverage(
      deps.db,
      {
        kind: 'profile',
        id: event.params.customerId,
        before: event.data?.before.data() ?? null,
        after: event.data?.after.data() ?? null,
      },
      settings.core,
      deps.clock(),
    );
  },
);

/** … and every walk-in client write. */
export const coverageOnClientWrite = onDocumentWritten(
  { document: 'clients/{clientId}', region: REGION },
  async (event) => {
    const deps = await runtime();
    const settings = await deps.settings.get();
    await updateCoverage(
      deps.db,
      {
        kind: 'client',
        id: event.params.clientId,
        before: event.data?.before.data() ?? null,
        after: event.data?.after.data() ?? null,
      },
      settings.core,
      deps.clock(),
    );
  },
);
