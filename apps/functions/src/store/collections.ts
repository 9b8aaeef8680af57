/** Every collection name, in one place (see `docs/data-model.md`). */
export const COLLECTIONS = {
  clients: 'clients',
  profiles: 'customer_profiles',
  tickets: 'tickets',
  history: 'notification_history',
  statusEvents: 'status_events',
  claims: 'send_claims',
  suppressions: 'suppressions',
  consentLog: 'consent_log',
  conversations: 'conversations',
  settings: 'settings',
  statsDaily: 'stats_daily',
  statsMonthly: 'stats_monthly',
  statsCoverage: 'stats_coverage',
  statsRebuild: 'stats_rebuild',
  alerts: 'alerts',
  shortLinks: 'short_links',
  pushOutbox: 'push_outbox',
  contactCounts: 'contact_counts',
  pickupReminders: 'pickup_reminders',
  quoteChasers: 'quote_chasers',
  satisfactionContacts: 'satisfaction_contacts',
  satisfactionAnswers: 'satisfaction_answers',
  templateVariants: 'template_variants',
  experiments: 'experiments',
  ticketActions: 'ticket_actions',
  shopEmails: 'shop_emails',
} as const;

/** The settings document's path. */
export const SETTINGS_DOC = 'settings/notifications';
