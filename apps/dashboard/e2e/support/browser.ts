import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); never `playwright install`. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium, quiet (no background network, no first-run screens). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * axe-core and a full-page screenshot per named step, into `shotsDir`. `violations` keeps the
 * serious and critical violations per step, asserted once at the end of a test
 * (`expect(checker.violations).toEqual(checker.clean())`), so one report names every page.
 */
export function pageChecker(shotsDir: string) {
  mkdirSync(shotsDir, { recursive: true });
  const violations: Record<string, string[]> = {};
  return {
    violations,
    /** Runs axe-core on `page`'s current document and saves `<name>.png`. */
    async check(page: Page, name: string) {
      await page.addScriptTag({ content: axe.source });
      const result = await page.evaluate(async () => {
        const w = window as unknown as { axe: typeof axe };
        return w.axe.run(document, { resultTypes: ['violations'] });
      });
      violations[name] = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
    },
    /** Every checked step with no serious/critical violation: `expect(violations).toEqual(clean())`. */
    clean(): Record<string, string[]> {
      return Object.fromEntries(Object.keys(violations).map((k) => [k, []]));
    },
  };
}
