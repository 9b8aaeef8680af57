// `@omega/forwarding` (bundled here) names the Web Crypto `CryptoKey` type, which
// @types/node 20 declares only as `webcrypto.CryptoKey`.
type CryptoKey = import('node:crypto').webcrypto.CryptoKey;
