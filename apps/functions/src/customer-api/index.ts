// The customer API: the short-link landing page and the public JSON routes (no staff route).
export { CUSTOMER_ROUTES, type CustomerApi, clientIp, createCustomerApi } from './app.ts';
export { type CustomerApiDepsOptions, customerApiDepsFromPipeline } from './build-deps.ts';
export {
  type ClientAddressOptions,
  clientAddress,
  DEFAULT_TRUSTED_PROXY_HOPS,
} from './client-ip.ts';
export {
  type CustomerApiDeps,
  type CustomerRateLimits,
  DEFAULT_CUSTOMER_RATE_LIMITS,
} from './deps.ts';
export type { LinkRefusal } from './links.ts';
export type { ChannelChoice, ChoiceState, LinkView } from './view.ts';
