/**
 * The kinds of personal data a column can hold and the locales fake values are made in: the
 * blueprint's `pii` and `locale` (kept apart from detection, which carries faker's name lists).
 */
export type PiiKind =
  | 'firstName'
  | 'lastName'
  | 'fullName'
  | 'email'
  | 'phone'
  | 'streetAddress'
  | 'city'
  | 'postcode'
  | 'country'
  | 'iban'
  | 'creditCard'
  | 'ipAddress'
  | 'url'
  | 'uuid';

export const PII_KINDS: readonly PiiKind[] = [
  'firstName',
  'lastName',
  'fullName',
  'email',
  'phone',
  'streetAddress',
  'city',
  'postcode',
  'country',
  'iban',
  'creditCard',
  'ipAddress',
  'url',
  'uuid',
];

/** Locales fake values are made in (faker's names). */
export type PiiLocale = 'en_US' | 'en_GB' | 'de' | 'fr' | 'es';
export const PII_LOCALES: readonly PiiLocale[] = ['en_US', 'en_GB', 'de', 'fr', 'es'];
