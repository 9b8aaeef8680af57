import type { NotificationKind } from '@omega/core';

/**
 * The customer plan's texts (`/work/shared/seed/sms-whatsapp-plan.md`), kept verbatim for the
 * benchmark. `SEED_SMS_EXAMPLES` is the "SMS Template Examples" block; it has no variables.
 * `SEED_TEMPLATES_WITH_VARIABLES` are the plan's own message templates that do carry
 * variables (its WhatsApp "Template Examples" with {{name}}, {{device}}, {{link}},
 * {{tech_name}}), i.e. what the plan's messages look like once a name, a device and a link
 * are filled in; the benchmark sends them as SMS with values from our corpus.
 */
export const SEED_SMS_EXAMPLES = {
  repairCompleted: "🛠️ O'MEGA Services: Votre réparation est terminée! Prêt à récupérer.",
  statusUpdate: '📱 Statut mis à jour: Votre appareil est maintenant en réparation.',
  pickupReminder: '⏰ RAPPEL: Votre appareil vous attend pour récupération.',
  welcome: "👋 Bienvenue chez O'MEGA Services! Suivez vos réparations facilement.",
} as const;

/** The plan's templates with variables (Phase 2B "Template Examples"), placeholders as in the plan. */
export const SEED_TEMPLATES_WITH_VARIABLES = {
  welcome:
    "🛠️ *O'MEGA Services*\n\nBonjour {{name}}! 👋\n\nVotre réparation est enregistrée.\n\n📱 Suivez: {{link}}",
  statusUpdate:
    '🔄 *MISE À JOUR*\n\nVotre {{device}} est en réparation.\n\nTechnicien: {{tech_name}}',
  completion:
    "✅ *TERMINÉ*\n\nVotre {{device}} est prêt!\n\n📅 Disponible aujourd'hui\n\n[RÉCUPÉRER]",
} as const;

/** Which of our templates each seed example stands for (the comparable subset of the corpus). */
export const SEED_EQUIVALENTS: Partial<
  Record<
    NotificationKind,
    {
      literal: keyof typeof SEED_SMS_EXAMPLES;
      withVariables: keyof typeof SEED_TEMPLATES_WITH_VARIABLES | null;
    }
  >
> = {
  walk_in_welcome: { literal: 'welcome', withVariables: 'welcome' },
  ticket_received: { literal: 'welcome', withVariables: 'welcome' },
  status_diagnosing: { literal: 'statusUpdate', withVariables: 'statusUpdate' },
  status_waiting_for_parts: { literal: 'statusUpdate', withVariables: 'statusUpdate' },
  status_in_repair: { literal: 'statusUpdate', withVariables: 'statusUpdate' },
  status_completed: { literal: 'repairCompleted', withVariables: 'completion' },
  pickup_reminder_1: { literal: 'pickupReminder', withVariables: null },
  pickup_reminder_2: { literal: 'pickupReminder', withVariables: null },
  pickup_reminder_final: { literal: 'pickupReminder', withVariables: null },
};

/** Technician first names for the plan's {{tech_name}}. */
export const TECH_NAMES = ['Kévin', 'Sébastien', 'Inès', 'Loïc', 'Théo'] as const;
