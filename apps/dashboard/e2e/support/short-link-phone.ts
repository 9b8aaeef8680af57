import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * A phone-sized page (390×844) on which `https://omega.test/**` (the short-link domain) is
 * answered by the local customer origin, as Hosting's rewrite to customerApi does in production:
 * same path and query, the public host passed as `x-forwarded-host` (the landing page's forms
 * check it), and redirects handed back to the browser. Its CSP (no script at all) is bypassed
 * for axe-core only.
 */
export async function phoneOnShortLinkDomain(
  browser: Browser,
  customerOrigin: string | null,
): Promise<{ context: BrowserContext; page: Page }> {
  if (!customerOrigin) throw new Error('@omega/functions exports no customerApi');
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
    bypassCSP: true,
  });
  await context.route('https://omega.test/**', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const response = await route.fetch({
      url: `${customerOrigin}${url.pathname}${url.search}`,
      headers: {
        ...request.headers(),
        'x-forwarded-host': url.host,
        'x-forwarded-proto': 'https',
      },
      maxRedirects: 0,
    });
    // Playwright does not route the request a fulfilled redirect leads to (microsoft/playwright
    // #33882): the browser would look omega.test up and fail. A page's redirect is handed back
    // as a page that goes there itself (`location.replace`), a new navigation that is routed;
    // the page's URL ends on the redirect's target as it would.
    const location =
      response.status() >= 300 && response.status() < 400 && response.headers().location;
    if (location && request.resourceType() === 'document') {
      const target = JSON.stringify(new URL(location, request.url()).href);
      await route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><title>Redirection</title><script>location.replace(${target})</script>`,
      });
      return;
    }
    await route.fulfill({ response });
  });
  return { context, page: await context.newPage() };
}
