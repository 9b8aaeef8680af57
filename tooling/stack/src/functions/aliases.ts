/**
 * A root-level path served by an HTTPS function, as Firebase Hosting rewrites do in production
 * (`"rewrites": [{ "source": "/t/**", "function": "customerApi" }]`): the function sees the
 * whole path (`/t/<id>`), not a path under its own name.
 */
export interface RootAlias {
  /** Path prefix at the root of the functions server (`/t`); matches it and what lies below. */
  prefix: string;
  /** Name of the HTTPS function `@omega/functions` exports. */
  function: string;
}

/**
 * The customer-facing paths: the landing page behind each SMS short link (`/t/<id>`, and its
 * `POST /t/<id>/preferences`) and the public JSON routes, all answered by `customerApi`.
 * An alias whose function is not exported is not mounted (its paths answer 404 with why).
 */
export const ROOT_ALIASES: readonly RootAlias[] = [
  { prefix: '/t', function: 'customerApi' },
  { prefix: '/api/public', function: 'customerApi' },
  // Photo links (`/m/<token>`): WhatsApp media, the landing page's and the dashboard's photos.
  { prefix: '/m', function: 'customerApi' },
];

/** Name of the function behind the short links (`urls.customer` is where `/t/<id>` works). */
export const CUSTOMER_FUNCTION = 'customerApi';
