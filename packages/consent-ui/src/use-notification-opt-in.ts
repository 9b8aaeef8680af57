import type { ConsentChannel } from '@omega/templates';
import { useCallback, useMemo, useState } from 'react';
import {
  CONSENT_CHANNELS,
  type ConsentValues,
  initialConsent,
  type RecordedConsent,
  visibleValues,
} from './channels.ts';
import { type ConsentChange, consentChanges } from './consent-changes.ts';
import type { NotificationOptInProps } from './notification-opt-in.tsx';

/** Options of {@link useNotificationOptIn}: the same meaning as `NotificationOptIn`'s props. */
export type UseNotificationOptInOptions = Pick<
  NotificationOptInProps,
  'locale' | 'channels' | 'recorded' | 'defaultValue'
>;

/** What {@link useNotificationOptIn} gives the host form. */
export interface NotificationOptInState {
  /** The state of every box. */
  value: ConsentValues;
  /** The decisions to record now (against `recorded`), for the recorder after account creation. */
  changes: ConsentChange[];
  /** Spread on `<NotificationOptIn {...optIn.props} />`. */
  props: Pick<NotificationOptInProps, 'locale' | 'channels' | 'recorded' | 'value' | 'onChange'>;
  /** Back to the starting state (e.g. after the host form is reset). */
  reset: () => void;
}

const NO_RECORD: RecordedConsent = {};

/**
 * The opt-in boxes' state for a host form that owns its submit button: render
 * `<NotificationOptIn {...optIn.props} />`, create the account, then pass `optIn.changes` to a
 * `createConsentRecorder` recorder with source `registration`. `changes` is right before any
 * click too (at registration: the default email and push grants).
 */
export function useNotificationOptIn(
  options: UseNotificationOptInOptions = {},
): NotificationOptInState {
  const {
    locale = 'fr',
    channels = CONSENT_CHANNELS,
    recorded = NO_RECORD,
    defaultValue,
  } = options;
  const [value, setValue] = useState(() => initialConsent(recorded, defaultValue));
  // A string key, so an inline `channels` array does not recompute on every render.
  const channelKey = CONSENT_CHANNELS.filter((c) => channels.includes(c)).join(',');
  const changes = useMemo(
    () =>
      consentChanges(
        recorded,
        visibleValues(value, channelKey.split(',') as ConsentChannel[]),
        locale,
      ),
    [recorded, value, locale, channelKey],
  );
  const onChange = useCallback((next: ConsentValues) => setValue(next), []);
  const reset = useCallback(
    () => setValue(initialConsent(recorded, defaultValue)),
    [recorded, defaultValue],
  );
  return {
    value,
    changes,
    props: { locale, channels, recorded, value, onChange },
    reset,
  };
}
