/** Region of every function (deploy-time constant; the Firestore database's region). */
export const REGION = 'europe-west1';

/** Name of the send task-queue function (its export name in `src/index.ts`). */
export const SEND_FUNCTION_NAME = 'sendNotification';
