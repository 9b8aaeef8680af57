import type { MediaStore } from './store.ts';

/** Twilio's credentials for fetching customers' media, and the origins they may be sent to. */
export interface TwilioMediaAccess {
  accountSid: string;
  authToken: string;
  /**
   * Origins whose media URLs get the credentials (`https://api.twilio.com`, or the local
   * sandbox's): a `MediaUrl` anywhere else is refused, never sent the auth token.
   */
  origins: readonly string[];
}

/** What photos need: where they are stored, and how their links are made. */
export interface MediaDeps {
  store: MediaStore;
  /** Origin of the customer API's `/m/<token>` (the short-link domain in production). */
  publicUrl: string;
  /** Key of the media links (the short-link secret; a key is derived from it). */
  signingSecret: string;
  /** Present where customers' media are fetched (ingestion). */
  twilio?: TwilioMediaAccess | undefined;
  /** `fetch` to use (tests); default the global one. */
  fetch?: typeof fetch;
}
