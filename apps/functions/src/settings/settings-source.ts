import { SHOP_TIME_ZONE, zonedMonthKey } from '@omega/core';
import type { Firestore } from 'firebase-admin/firestore';
import { logs } from '../logs.ts';
import { COLLECTIONS, SETTINGS_DOC } from '../store/collections.ts';
import { type PipelineSettings, parseSettings } from './settings-schema.ts';

/** Settings and the month's spend, read through a short cache (one read per instance per TTL). */
export interface SettingsSource {
  get(): Promise<PipelineSettings>;
  /** Estimated € spent on messaging in the month of `at` (`stats_monthly.cost_eur_total`). */
  budgetSpentEur(at: Date): Promise<number>;
  /** Forgets cached values (tests, and after the dashboard saves settings). */
  invalidate(): void;
}

/** Options of {@link firestoreSettingsSource}. */
export interface SettingsSourceOptions {
  /** Cache lifetime in ms (default 30 s; 0 = read every time). */
  ttlMs?: number;
  clock?: () => Date;
}

/**
 * Reads `settings/notifications` and the month's statistics document, caching each for
 * `ttlMs`. A function instance handles many events, so the amortised cost is close to zero
 * reads per notification; the budget check is therefore at most `ttlMs` stale, which is fine
 * for a monthly budget.
 */
export function firestoreSettingsSource(
  db: Firestore,
  options: SettingsSourceOptions = {},
): SettingsSource {
  const ttl = options.ttlMs ?? 30_000;
  const clock = options.clock ?? (() => new Date());
  let settings: { at: number; value: Promise<PipelineSettings> } | null = null;
  const spend = new Map<string, { at: number; value: Promise<number> }>();
  const fresh = (at: number) => ttl > 0 && clock().getTime() - at < ttl;
  return {
    get() {
      if (settings && fresh(settings.at)) return settings.value;
      const value = db
        .doc(SETTINGS_DOC)
        .get()
        .then((snap) => {
          const parsed = parseSettings(snap.data());
          if (parsed.issues.length > 0) logs.invalidSettings(parsed.issues.join('; '));
          return parsed.settings;
        });
      settings = { at: clock().getTime(), value };
      value.catch(() => {
        settings = null;
      });
      return value;
    },
    budgetSpentEur(at) {
      const month = zonedMonthKey(at, SHOP_TIME_ZONE);
      const cached = spend.get(month);
      if (cached && fresh(cached.at)) return cached.value;
      const value = db
        .collection(COLLECTIONS.statsMonthly)
        .doc(month)
        .get()
        .then((snap) => Number(snap.get('cost_eur_total') ?? 0));
      spend.set(month, { at: clock().getTime(), value });
      value.catch(() => spend.delete(month));
      return value;
    },
    invalidate() {
      settings = null;
      spend.clear();
    },
  };
}
