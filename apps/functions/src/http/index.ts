// The HTTP edge shared by the staff API (`api/`) and the customer API (`customer-api/`), so
// neither imports the other: the error type and its single handler, zod validation, Firebase
// ID tokens, and the readers that turn stored fields into response values.
export { ApiError, type ApiErrorBody, notFound, onApiError } from './errors.ts';
export { dateOf, iso, num, str } from './fields.ts';
export {
  bearerToken,
  DEFAULT_REVOCATION_CACHE_MS,
  firebaseTokenVerifier,
  type StaffUser,
  type TokenError,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './id-tokens.ts';
export { valid } from './validate.ts';
