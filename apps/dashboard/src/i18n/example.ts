import { interpolate, type Locale } from './index.tsx';

// The strings of the consent-ui example page (`/exemples/inscription`), apart from `fr.ts` and
// `en.ts`: only that lazily loaded page imports this file, so the staff dashboard's first load
// does not carry them.

/** The example page's French strings. `{name}` placeholders are filled by the translator. */
export const exampleFr = {
  title: 'Exemple : inscription et profil d’un client',
  intro:
    'Cette page montre comment le site de la boutique intègre @omega/consent-ui dans son formulaire d’inscription et sa page de profil. Elle crée un vrai compte client (Firebase Auth), puis enregistre ses choix de notification par l’API client ; elle n’écrit rien d’autre.',
  'register.title': 'Créer un compte',
  'register.legend': 'Vos informations',
  firstName: 'Prénom',
  email: 'Adresse e-mail',
  password: 'Mot de passe (6 caractères au moins)',
  phone: 'Téléphone mobile (facultatif)',
  phoneHelp: 'Utilisé pour les SMS et WhatsApp, seulement si vous les acceptez ci-dessous.',
  submit: 'Créer le compte',
  creating: 'Création du compte…',
  recording: 'Compte créé. Enregistrement de vos choix…',
  recorded: 'Compte créé pour {email}. Choix enregistrés : {count}.',
  'change.granted': '{channel} : accepté (texte {version})',
  'change.withdrawn': '{channel} : refusé (texte {version})',
  recordFailed:
    'Compte créé pour {email}, mais vos choix de notification ne sont pas enregistrés. {reason}',
  retry: 'Réessayer l’enregistrement',
  'accountError.exists': 'Un compte existe déjà avec cette adresse e-mail.',
  'accountError.weak': 'Mot de passe trop court : 6 caractères au moins.',
  'accountError.email': 'Adresse e-mail invalide.',
  'accountError.tooMany': 'Trop de tentatives. Réessayez dans quelques minutes.',
  'accountError.offline': 'Connexion impossible. Vérifiez votre connexion internet puis réessayez.',
  'accountError.other': 'La création du compte a échoué ({code}).',
  'profile.title': 'Mon profil : mes notifications',
  'profile.help':
    'Le composant de la page de profil : il affiche les choix enregistrés pour ce compte et enregistre vos changements.',
  restart: 'Recommencer avec un autre compte',
} as const;

/** A key of the example page's strings. */
export type ExampleKey = keyof typeof exampleFr;

/** The example page's English strings. */
export const exampleEn: Record<ExampleKey, string> = {
  title: 'Example: a customer’s registration and profile',
  intro:
    'This page shows how the shop’s website embeds @omega/consent-ui in its registration form and profile page. It creates a real customer account (Firebase Auth), then records the notification choices through the customer API; it writes nothing else.',
  'register.title': 'Create an account',
  'register.legend': 'Your details',
  firstName: 'First name',
  email: 'Email address',
  password: 'Password (at least 6 characters)',
  phone: 'Mobile phone (optional)',
  phoneHelp: 'Used for SMS and WhatsApp, only if you accept them below.',
  submit: 'Create the account',
  creating: 'Creating the account…',
  recording: 'Account created. Saving your choices…',
  recorded: 'Account created for {email}. Choices recorded: {count}.',
  'change.granted': '{channel}: accepted (text {version})',
  'change.withdrawn': '{channel}: declined (text {version})',
  recordFailed:
    'Account created for {email}, but your notification choices are not saved. {reason}',
  retry: 'Try saving again',
  'accountError.exists': 'An account already exists with this email address.',
  'accountError.weak': 'Password too short: at least 6 characters.',
  'accountError.email': 'Invalid email address.',
  'accountError.tooMany': 'Too many attempts. Try again in a few minutes.',
  'accountError.offline': 'Cannot connect. Check your internet connection, then try again.',
  'accountError.other': 'The account could not be created ({code}).',
  'profile.title': 'My profile: my notifications',
  'profile.help':
    'The profile page’s component: it shows the choices recorded for this account and saves your changes.',
  restart: 'Start again with another account',
};

const EXAMPLE: Record<Locale, Record<ExampleKey, string>> = { fr: exampleFr, en: exampleEn };

/** The example page's translator for `locale`. */
export function exampleTranslator(locale: Locale) {
  return (key: ExampleKey, values?: Record<string, string | number>) =>
    interpolate(EXAMPLE[locale][key], values);
}
