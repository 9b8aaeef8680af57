/**
 * `@omega/consent-ui`: the notification opt-in boxes the shop's registration form and customer
 * profile embed (email, SMS, WhatsApp, push with the CNIL wording), the pure computation of the
 * consent decisions to record, and a small client for the customer API that records them.
 */
export type {
  ConsentApiError,
  ConsentApiErrorCode,
  ConsentApiFailure,
  ConsentApiOptions,
  GetIdToken,
} from './api-client.ts';
export {
  CONSENT_CHANNELS,
  type ConsentValues,
  DEFAULT_CONSENT_VALUES,
  initialConsent,
  type RecordedConsent,
} from './channels.ts';
export { type ConsentChange, consentChanges } from './consent-changes.ts';
export {
  CONSENT_PATH,
  type ConsentRecorder,
  type CustomerConsentSource,
  createConsentRecorder,
  type RecordConsentResult,
  type RecordConsentSuccess,
} from './consent-recorder.ts';
export {
  type LoadPreferencesResult,
  loadPreferences,
  PREFERENCES_PATH,
} from './load-preferences.ts';
export { type ConsentUiMessages, errorMessage, MESSAGES } from './messages.ts';
export { NotificationOptIn, type NotificationOptInProps } from './notification-opt-in.tsx';
export {
  NotificationPreferencesForm,
  type NotificationPreferencesFormProps,
} from './notification-preferences-form.tsx';
export {
  type NotificationOptInState,
  type UseNotificationOptInOptions,
  useNotificationOptIn,
} from './use-notification-opt-in.ts';
