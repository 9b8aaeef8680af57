/** The settings view the staff API answers (`GET /api/staff/settings`), for page tests. */

const rollout = { percent: 100, allowlist: [] as string[] };
export const SHOP = {
  hours: 'lun-sam 9h30-19h',
  address: '12 rue de la Paix, 75002 Paris',
  phone: '01 23 45 67 89',
  storageDays: 90,
  latitude: 48.8686,
  longitude: 2.3318,
  locationLabel: "O'MEGA Services",
  mapsUrl: null as string | null,
};
export const SETTINGS_VIEW = {
  channelsEnabled: { email: true, sms: true, whatsapp: true, push: true },
  rollout: { email: rollout, sms: rollout, whatsapp: rollout, push: rollout },
  budget: { monthlyEur: 50, warnRatio: 0.8, holdExpiryHours: 72 },
  sendWindow: {
    startHour: 9,
    startMinute: 30,
    endHour: 19,
    endMinute: 0,
    closedWeekdays: [0],
    closedOnPublicHolidays: true,
  },
  frequencyCap: { maxPerDay: 4, maxPerWeek: 12 },
  prices: {
    currency: 'EUR' as const,
    usdToEur: 0.92,
    sms: { fr_metro: 0.075, fr_overseas: 0.1, eu: 0.08, world: 0.12 },
    whatsapp: { fr_metro: 0.05, fr_overseas: 0.05, eu: 0.05, world: 0.06 },
  },
  twilio: { smsFrom: 'OMEGA' },
  shop: SHOP,
  shopMapsUrl: 'https://www.google.com/maps/search/?api=1&query=48.8686,2.3318',
  satisfaction: { reviewUrl: null },
  shopEmail: null,
  quoteChasers: { enabled: true, delaysHours: [24, 72] },
  whatsappSender: null,
  issues: [],
};
