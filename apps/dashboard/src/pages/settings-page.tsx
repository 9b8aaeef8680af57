import { CHANNEL_DISPLAY_ORDER, PRICE_ZONES } from '@omega/core';
import { type FormEvent, useState } from 'react';
import { type SettingsView, useSaveSettings, useSettings, useTestMessage } from '../api/hooks.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { ErrorState, QueryView } from '../components/states.tsx';
import type { MessageKey } from '../i18n/fr.ts';
import { useI18n } from '../i18n/index.tsx';
import {
  QuoteChaserFields,
  quoteChaserProblems,
  readQuoteChasers,
} from './settings-quote-chasers.tsx';

const CHANNELS = CHANNEL_DISPLAY_ORDER;
const ZONES = PRICE_ZONES;

/** Reads the settings form into the API's sections. */
export function readSettingsForm(form: FormData, current: SettingsView) {
  const n = (k: string) => Number(String(form.get(k) ?? '').replace(',', '.'));
  const s = (k: string) => String(form.get(k) ?? '').trim();
  const opt = (k: string) => s(k) || undefined;
  return {
    channelsEnabled: Object.fromEntries(
      CHANNELS.map((c) => [c, form.get(`enabled.${c}`) === 'on']),
    ),
    rollout: Object.fromEntries(
      CHANNELS.map((c) => [
        c,
        { percent: n(`percent.${c}`), allowlist: s(`allowlist.${c}`).split(/\s+/).filter(Boolean) },
      ]),
    ),
    budget: {
      monthlyEur: n('budget.monthly'),
      warnRatio: n('budget.warn') / 100,
      holdExpiryHours: n('budget.hold'),
    },
    sendWindow: {
      ...current.sendWindow,
      ...time(
        'start',
        s('quiet.start'),
        current.sendWindow.startHour,
        current.sendWindow.startMinute ?? 0,
      ),
      ...time('end', s('quiet.end'), current.sendWindow.endHour, current.sendWindow.endMinute ?? 0),
      closedWeekdays: [0, 1, 2, 3, 4, 5, 6].filter((d) => form.get(`closed.${d}`) === 'on'),
      closedOnPublicHolidays: form.get('quiet.holidays') === 'on',
    },
    prices: {
      ...current.prices,
      usdToEur: n('prices.usd'),
      sms: Object.fromEntries(ZONES.map((z) => [z, n(`prices.sms.${z}`)])),
      whatsapp: Object.fromEntries(ZONES.map((z) => [z, n(`prices.whatsapp.${z}`)])),
    },
    twilio: Object.fromEntries(
      Object.entries({
        messagingServiceSid: opt('twilio.service'),
        smsFrom: opt('twilio.sms'),
        whatsappFrom: opt('twilio.whatsapp'),
      }).filter(([, v]) => v !== undefined),
    ),
    shop: {
      hours: s('shop.hours'),
      address: s('shop.address'),
      phone: s('shop.phone'),
      storageDays: n('shop.storage'),
      ...readShopLocation(form, current),
    },
    // Empty: no review link offered after the satisfaction survey.
    satisfaction: { reviewUrl: opt('satisfaction.reviewUrl') ?? null },
    // Empty: customers' quote decisions are emailed to nobody (they stay on the dashboard).
    shopEmail: opt('shopEmail') ?? null,
    quoteChasers: readQuoteChasers(form),
  };
}

/** The location fields of the shop section; an empty coordinate keeps the stored one. */
function readShopLocation(form: FormData, current: SettingsView) {
  const s = (k: string) => String(form.get(k) ?? '').trim();
  const coordinate = (k: string, stored: number) =>
    s(k) === '' ? stored : Number(s(k).replace(',', '.'));
  return {
    latitude: coordinate('shop.latitude', current.shop.latitude),
    longitude: coordinate('shop.longitude', current.shop.longitude),
    locationLabel: s('shop.locationLabel'),
    // Empty: the link derived from the coordinates (core's shopMapsUrl).
    mapsUrl: s('shop.mapsUrl') || null,
  };
}

const MAPS_URL =
  /^(?=.{12,70}$)https:\/\/[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d{1,5})?(?:[/?#][A-Za-z0-9._~:/?#@!$&'()*+,;=%-]*)?$/;

/**
 * What is wrong with the shop's location before it is sent (the API checks the same rules and
 * answers in the same words): out-of-range coordinates, a maps link that is not https.
 */
export function shopLocationProblems(shop: {
  latitude: number;
  longitude: number;
  locationLabel: string;
  mapsUrl: string | null;
}): MessageKey[] {
  const problems: MessageKey[] = [];
  const inRange = (v: number, max: number) => Number.isFinite(v) && v >= -max && v <= max;
  if (!inRange(shop.latitude, 90)) problems.push('settings.shop.latitude.invalid');
  if (!inRange(shop.longitude, 180)) problems.push('settings.shop.longitude.invalid');
  if (shop.locationLabel === '' || shop.locationLabel.length > 50)
    problems.push('settings.shop.locationLabel.invalid');
  if (shop.mapsUrl !== null && !MAPS_URL.test(shop.mapsUrl))
    problems.push('settings.shop.mapsUrl.invalid');
  return problems;
}

// A time input cannot show 24:00 (end of day): it shows 23:59, read back as the stored 24:00.
const hhmm = (h: number, m: number) =>
  h >= 24 ? '23:59' : `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

function time(which: 'start' | 'end', value: string, hour: number, minute: number) {
  const [h, m] = value.split(':').map(Number);
  const keep = !value || h === undefined || Number.isNaN(h) || value === hhmm(hour, minute);
  return which === 'start'
    ? { startHour: keep ? hour : h, startMinute: keep ? minute : (m ?? 0) }
    : { endHour: keep ? hour : h, endMinute: keep ? minute : (m ?? 0) };
}

/** Only the sections that differ from what was loaded (each section sent replaces the stored one). */
export function changedSections<T extends Record<string, unknown>>(
  next: T,
  current: Record<string, unknown>,
): Partial<T> {
  return Object.fromEntries(
    Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(current[k])),
  ) as Partial<T>;
}

function SettingsForm({ data }: { data: SettingsView }) {
  const { t } = useI18n();
  const admin = useAuth().session?.admin === true;
  const save = useSaveSettings();
  const [problems, setProblems] = useState<MessageKey[]>([]);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = readSettingsForm(new FormData(event.currentTarget), data);
    const found = [...shopLocationProblems(next.shop), ...quoteChaserProblems(next.quoteChasers)];
    setProblems(found);
    if (found.length > 0) return;
    const patch = changedSections(next, data);
    if (Object.keys(patch).length > 0) save.mutate(patch as never);
  }
  return (
    <form onSubmit={submit} className="settings">
      {!admin && <p className="muted">{t('settings.readOnly')}</p>}
      <fieldset disabled={!admin}>
        <legend>{t('settings.channels')}</legend>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('overview.col.channel')}</th>
              <th scope="col">{t('settings.enabled')}</th>
              <th scope="col">{t('settings.percent')}</th>
              <th scope="col">{t('settings.allowlist')}</th>
            </tr>
          </thead>
          <tbody>
            {CHANNELS.map((c) => (
              <tr key={c}>
                <th scope="row">{t(`channel.${c}`)}</th>
                <td>
                  <input
                    type="checkbox"
                    name={`enabled.${c}`}
                    defaultChecked={data.channelsEnabled[c]}
                    aria-label={`${t('settings.enabled')} ${t(`channel.${c}`)}`}
                  />
                </td>
                <td>
                  <input
                    type="number"
                    min={0}
                    max={100}
                    step={1}
                    name={`percent.${c}`}
                    defaultValue={data.rollout[c].percent}
                    aria-label={`${t('settings.percent')} ${t(`channel.${c}`)}`}
                  />
                </td>
                <td>
                  <textarea
                    rows={1}
                    name={`allowlist.${c}`}
                    defaultValue={data.rollout[c].allowlist.join('\n')}
                    aria-label={`${t('settings.allowlist')} ${t(`channel.${c}`)}`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <fieldset disabled={!admin}>
        <legend>{t('settings.budget')}</legend>
        <label>
          {t('settings.budget.monthly')}
          <input
            type="number"
            min={0}
            step="0.01"
            name="budget.monthly"
            defaultValue={data.budget.monthlyEur}
          />
        </label>
        <label>
          {t('settings.budget.warn')}
          <input
            type="number"
            min={1}
            max={100}
            name="budget.warn"
            defaultValue={Math.round(data.budget.warnRatio * 100)}
          />
        </label>
        <label>
          {t('settings.budget.hold')}
          <input
            type="number"
            min={0}
            name="budget.hold"
            defaultValue={data.budget.holdExpiryHours}
          />
        </label>
      </fieldset>
      <fieldset disabled={!admin}>
        <legend>{t('settings.quiet')}</legend>
        <label>
          {t('settings.quiet.start')}
          <input
            type="time"
            name="quiet.start"
            defaultValue={hhmm(data.sendWindow.startHour, data.sendWindow.startMinute ?? 0)}
          />
        </label>
        <label>
          {t('settings.quiet.end')}
          <input
            type="time"
            name="quiet.end"
            defaultValue={hhmm(data.sendWindow.endHour, data.sendWindow.endMinute ?? 0)}
          />
        </label>
        <fieldset>
          <legend>{t('settings.quiet.closed')}</legend>
          {[1, 2, 3, 4, 5, 6, 0].map((d) => (
            <label key={d} className="inline">
              <input
                type="checkbox"
                name={`closed.${d}`}
                defaultChecked={data.sendWindow.closedWeekdays.includes(d)}
              />{' '}
              {t(`weekday.${d as 0}`)}
            </label>
          ))}
        </fieldset>
        <label className="inline">
          <input
            type="checkbox"
            name="quiet.holidays"
            defaultChecked={data.sendWindow.closedOnPublicHolidays}
          />{' '}
          {t('settings.quiet.holidays')}
        </label>
      </fieldset>
      <fieldset disabled={!admin}>
        <legend>{t('settings.prices')}</legend>
        <label>
          {t('settings.prices.usd')}
          <input
            type="number"
            min={0}
            step="0.0001"
            name="prices.usd"
            defaultValue={data.prices.usdToEur}
          />
        </label>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('templates.zone')}</th>
              <th scope="col">{t('settings.prices.sms')}</th>
              <th scope="col">{t('settings.prices.whatsapp')}</th>
            </tr>
          </thead>
          <tbody>
            {ZONES.map((z) => (
              <tr key={z}>
                <th scope="row">{t(`zone.${z}`)}</th>
                <td>
                  <input
                    type="number"
                    min={0}
                    step="0.0001"
                    name={`prices.sms.${z}`}
                    defaultValue={data.prices.sms[z]}
                    aria-label={`${t('settings.prices.sms')} ${t(`zone.${z}`)}`}
                  />
                </td>
                <td>
                  <input
                    type="number"
                    min={0}
                    step="0.0001"
                    name={`prices.whatsapp.${z}`}
                    defaultValue={data.prices.whatsapp[z]}
                    aria-label={`${t('settings.prices.whatsapp')} ${t(`zone.${z}`)}`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <fieldset disabled={!admin}>
        <legend>{t('settings.sender')}</legend>
        <label>
          {t('settings.sender.service')}
          <input name="twilio.service" defaultValue={data.twilio.messagingServiceSid ?? ''} />
        </label>
        <label>
          {t('settings.sender.sms')}
          <input name="twilio.sms" defaultValue={data.twilio.smsFrom ?? ''} />
        </label>
        <label>
          {t('settings.sender.whatsapp')}
          <input name="twilio.whatsapp" defaultValue={data.twilio.whatsappFrom ?? ''} />
        </label>
      </fieldset>
      <fieldset disabled={!admin}>
        <legend>{t('settings.shop')}</legend>
        <label>
          {t('settings.shop.hours')}
          <input name="shop.hours" maxLength={40} defaultValue={data.shop.hours} />
        </label>
        <label>
          {t('settings.shop.address')}
          <input name="shop.address" maxLength={50} defaultValue={data.shop.address} />
        </label>
        <label>
          {t('settings.shop.phone')}
          <input name="shop.phone" maxLength={20} defaultValue={data.shop.phone} />
        </label>
        <label>
          {t('settings.shop.storage')}
          <input
            type="number"
            min={1}
            max={999}
            name="shop.storage"
            defaultValue={data.shop.storageDays}
          />
        </label>
        <ShopLocationFields data={data} />
      </fieldset>
      <fieldset disabled={!admin}>
        <legend>{t('settings.satisfaction')}</legend>
        <label>
          {t('settings.satisfaction.reviewUrl')}
          <input
            type="url"
            name="satisfaction.reviewUrl"
            maxLength={100}
            pattern="https://.+"
            placeholder="https://g.page/r/…/review"
            defaultValue={data.satisfaction.reviewUrl ?? ''}
          />
        </label>
        <p className="muted">{t('settings.satisfaction.help')}</p>
      </fieldset>
      <fieldset disabled={!admin}>
        <legend>{t('settings.shopEmail')}</legend>
        <label>
          {t('settings.shopEmail.address')}
          <input
            type="email"
            name="shopEmail"
            maxLength={254}
            autoComplete="email"
            placeholder="atelier@exemple.fr"
            defaultValue={data.shopEmail ?? ''}
          />
        </label>
        <p className="muted">{t('settings.shopEmail.help')}</p>
      </fieldset>
      <QuoteChaserFields data={data} disabled={!admin} />
      {admin && (
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? t('state.saving') : t('settings.save')}
        </button>
      )}
      {problems.length > 0 && (
        <ul role="alert" className="errors">
          {problems.map((p) => (
            <li key={p}>{t(p)}</li>
          ))}
        </ul>
      )}
      {save.isSuccess && <p role="status">{t('state.saved')}</p>}
      {save.error && <ErrorState error={save.error} />}
    </form>
  );
}

/** The shop's location: coordinates, the pin's label and the maps link (empty: derived). */
function ShopLocationFields({ data }: { data: SettingsView }) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('settings.shop.location')}</legend>
      <label>
        {t('settings.shop.latitude')}
        <input
          type="number"
          min={-90}
          max={90}
          step="any"
          name="shop.latitude"
          defaultValue={data.shop.latitude}
        />
      </label>
      <label>
        {t('settings.shop.longitude')}
        <input
          type="number"
          min={-180}
          max={180}
          step="any"
          name="shop.longitude"
          defaultValue={data.shop.longitude}
        />
      </label>
      <label>
        {t('settings.shop.locationLabel')}
        <input name="shop.locationLabel" maxLength={50} defaultValue={data.shop.locationLabel} />
      </label>
      <label>
        {t('settings.shop.mapsUrl')}
        <input
          type="url"
          name="shop.mapsUrl"
          maxLength={100}
          placeholder="https://maps.app.goo.gl/…"
          defaultValue={data.shop.mapsUrl ?? ''}
        />
      </label>
      <p className="muted">{t('settings.shop.mapsUrl.help', { url: data.shopMapsUrl })}</p>
    </fieldset>
  );
}

function TestMessage() {
  const { t } = useI18n();
  const test = useTestMessage();
  const [channel, setChannel] = useState<'sms' | 'whatsapp' | 'email'>('sms');
  const [to, setTo] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        test.send({ channel, to });
      }}
    >
      <h2>{t('settings.test')}</h2>
      <label>
        {t('templates.channel')}
        <select value={channel} onChange={(e) => setChannel(e.target.value as typeof channel)}>
          <option value="sms">{t('channel.sms')}</option>
          <option value="whatsapp">{t('channel.whatsapp')}</option>
          <option value="email">{t('channel.email')}</option>
        </select>
      </label>
      <label>
        {t('settings.test.to')}
        <input value={to} onChange={(e) => setTo(e.target.value)} required />
      </label>
      <button type="submit" disabled={test.isPending}>
        {t('settings.test.send')}
      </button>
      {test.data && (
        <p role="status">
          {test.data.ok
            ? t('settings.test.ok', { status: test.data.status })
            : t('settings.test.failed', { code: test.data.code, message: test.data.message })}
        </p>
      )}
      {test.error && <ErrorState error={test.error} />}
    </form>
  );
}

/** Rollout, budget, quiet hours, prices, sender and shop details (admins edit), and a test message. */
export function SettingsPage() {
  const { t } = useI18n();
  const query = useSettings();
  const admin = useAuth().session?.admin === true;
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <QueryView query={query}>{(data) => <SettingsForm data={data} />}</QueryView>
      {admin && <TestMessage />}
    </section>
  );
}
