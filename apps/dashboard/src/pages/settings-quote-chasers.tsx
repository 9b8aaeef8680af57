import { QUOTE_CHASER_DELAY_BOUNDS, quoteChaserDelaysProblem } from '@omega/core';
import type { SettingsView } from '../api/hooks.ts';
import type { MessageKey } from '../i18n/fr.ts';
import { useI18n } from '../i18n/index.tsx';

/** The quote chasers as the API takes them. */
export interface QuoteChasersSection {
  enabled: boolean;
  delaysHours: number[];
}

/**
 * Reads the quote chasers' fields: the switch and one or two delays in hours (an empty second
 * delay: a single chaser). The delays are kept when the chasers are switched off.
 */
export function readQuoteChasers(form: FormData): QuoteChasersSection {
  const hours = (k: string) => String(form.get(k) ?? '').trim();
  const first = hours('quoteChasers.first');
  const second = hours('quoteChasers.second');
  return {
    enabled: form.get('quoteChasers.enabled') === 'on',
    delaysHours: [first, second].filter((v) => v !== '').map((v) => Number(v.replace(',', '.'))),
  };
}

/** What is wrong with the chasers before they are sent (core's rule, the API's too). */
export function quoteChaserProblems(section: QuoteChasersSection): MessageKey[] {
  return quoteChaserDelaysProblem(section.delaysHours) === null
    ? []
    : ['settings.quoteChasers.invalid'];
}

/** The quote chasers' fieldset of the settings page (admins edit, staff read). */
export function QuoteChaserFields({ data, disabled }: { data: SettingsView; disabled: boolean }) {
  const { t } = useI18n();
  const [first, second] = data.quoteChasers.delaysHours;
  const { minHours, maxHours } = QUOTE_CHASER_DELAY_BOUNDS;
  return (
    <fieldset disabled={disabled}>
      <legend>{t('settings.quoteChasers')}</legend>
      <label>
        <input
          type="checkbox"
          name="quoteChasers.enabled"
          defaultChecked={data.quoteChasers.enabled}
        />
        {t('settings.quoteChasers.enabled')}
      </label>
      <label>
        {t('settings.quoteChasers.first')}
        <input
          type="number"
          min={minHours}
          max={maxHours}
          step={1}
          required
          name="quoteChasers.first"
          defaultValue={first ?? ''}
        />
      </label>
      <label>
        {t('settings.quoteChasers.second')}
        <input
          type="number"
          min={minHours}
          max={maxHours}
          step={1}
          name="quoteChasers.second"
          defaultValue={second ?? ''}
        />
      </label>
      <p className="muted">{t('settings.quoteChasers.help')}</p>
    </fieldset>
  );
}
