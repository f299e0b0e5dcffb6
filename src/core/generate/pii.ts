/**
 * Fake personal data for the columns a blueprint marks `pii` (see pii/detect.ts), made with
 * @faker-js/faker in the column's locale, drawing from the block's own random stream (faker's
 * randomizer is our `Rng`), so values depend only on the seed, the block and the row, and no
 * value is ever taken from the source (the blueprint holds none).
 *
 * Values agree within a row: one person per row gives the first, last and full name, and the
 * email is built from them; one place per row gives the street, city, postcode, phone and IBAN
 * country, and when the country is personal data too, the row's country is one of the locales'
 * and the rest of the address comes from that locale (the city matches the country). A country
 * column that is a modelled category picks the row's locale the same way when it names one.
 * Emails and other values of a column that was unique in the source are made unique by the
 * global row number.
 */
import { Faker, base, de, en, en_GB, en_US, es, fr, type LocaleDefinition, type Randomizer } from '@faker-js/faker';
import type { Blueprint } from '../blueprint/types';
import type { PiiKind, PiiLocale } from '../pii/kinds';
import type { Table, TextColumn } from '../table';
import { STRATUM_ROWS, type Plan } from './plan';
import { Rng } from '../random';

/** Faker draws from whichever `Rng` the current block set. */
class BlockRandomizer implements Randomizer {
  rng: Rng | undefined;
  // Properties, not methods: faker calls them unbound.
  next = (): number => this.rng!.next();
  seed = (): void => {
    // Seeding is ours: every block sets its own stream.
  };
}

/** Each locale's definitions, most specific first (a function, so bundles that never generate drop faker). */
function definitions(locale: PiiLocale): LocaleDefinition[] {
  switch (locale) {
    case 'en_GB':
      return [en_GB, en, base];
    case 'de':
      return [de, en, base];
    case 'fr':
      return [fr, en, base];
    case 'es':
      return [es, en, base];
    default:
      return [en_US, en, base];
  }
}

/** The country each locale's addresses are in, as each locale writes it. */
const COUNTRY_NAMES: Record<PiiLocale, Record<PiiLocale, string>> = {
  en_US: { en_US: 'United States', en_GB: 'United Kingdom', de: 'Germany', fr: 'France', es: 'Spain' },
  en_GB: { en_US: 'United States', en_GB: 'United Kingdom', de: 'Germany', fr: 'France', es: 'Spain' },
  de: {
    en_US: 'Vereinigte Staaten',
    en_GB: 'Vereinigtes Königreich',
    de: 'Deutschland',
    fr: 'Frankreich',
    es: 'Spanien',
  },
  fr: { en_US: 'États-Unis', en_GB: 'Royaume-Uni', de: 'Allemagne', fr: 'France', es: 'Espagne' },
  es: { en_US: 'Estados Unidos', en_GB: 'Reino Unido', de: 'Alemania', fr: 'Francia', es: 'España' },
};
const IBAN_COUNTRY: Record<PiiLocale, string | undefined> = {
  en_US: undefined,
  en_GB: 'GB',
  de: 'DE',
  fr: 'FR',
  es: 'ES',
};
const LOCALES: PiiLocale[] = ['en_US', 'en_GB', 'de', 'fr', 'es'];

/** A locale named by a country value (any of the locales' spellings, or an ISO code), if any. */
function localeOfCountry(value: string): PiiLocale | undefined {
  const v = value.trim().toLowerCase();
  for (const names of Object.values(COUNTRY_NAMES)) for (const l of LOCALES) if (names[l].toLowerCase() === v) return l;
  const codes: Record<string, PiiLocale> = {
    us: 'en_US',
    usa: 'en_US',
    gb: 'en_GB',
    uk: 'en_GB',
    de: 'de',
    fr: 'fr',
    es: 'es',
  };
  return codes[v];
}

const LOCATION: ReadonlySet<PiiKind> = new Set(['streetAddress', 'city', 'postcode', 'phone', 'iban']);

/** The plan with its personal-data columns filled with fake values (the plan's missing cells kept). */
export function withPii(blueprint: Blueprint, plan: Plan, seed: number): Plan {
  const columns = blueprint.columns.flatMap((spec, c) =>
    spec.pii
      ? [
          {
            c,
            kind: spec.pii,
            locale: (spec.locale ?? 'en_US') as PiiLocale,
            unique: spec.unique === true,
            lastFirst: spec.format === '{last}, {first}',
          },
        ]
      : [],
  );
  if (columns.length === 0) return plan;
  const randomizer = new BlockRandomizer();
  const fakers = new Map<PiiLocale, Faker>();
  const faker = (l: PiiLocale): Faker => {
    let f = fakers.get(l);
    if (!f) fakers.set(l, (f = new Faker({ locale: definitions(l), randomizer })));
    return f;
  };
  const countryColumn = columns.find((x) => x.kind === 'country');
  const placeColumns = columns.some((x) => LOCATION.has(x.kind));
  // A modelled country category picks the row's locale where it names one.
  const modelledCountry = countryColumn
    ? -1
    : blueprint.columns.findIndex((s) => s.type === 'category' && /country|nation/i.test(s.name));
  const home = columns[0].locale;
  return {
    generate(n, offset, rng): Table {
      const table = plan.generate(n, offset, rng);
      const out = table.columns.slice();
      const values = columns.map(({ c }) => (table.columns[c] as TextColumn).values.slice());
      const countryCodes = modelledCountry >= 0 ? table.columns[modelledCountry] : undefined;
      const person = { first: '', last: '' };
      for (let r = 0; r < n; r++) {
        const g = offset + r;
        // Each block's own stream, from the seed and the block's index: a block's values do not
        // depend on how the rows before it were made.
        if (r === 0 || g % STRATUM_ROWS === 0) randomizer.rng = blockRng(seed, Math.floor(g / STRATUM_ROWS));
        let locale = home;
        if (countryColumn && placeColumns) locale = LOCALES[Math.floor(randomizer.next() * LOCALES.length)];
        else if (countryCodes?.storage === 'categorical' && countryCodes.codes[r] >= 0)
          locale = localeOfCountry(countryCodes.levels[countryCodes.codes[r]]) ?? home;
        const f = faker(locale);
        const names = nameLists(locale);
        const sex = randomizer.next() < 0.5 ? 0 : 1;
        person.first = pick(names.first[sex], randomizer);
        person.last = pick(names.last[sex], randomizer);
        for (let k = 0; k < columns.length; k++) {
          if (values[k][r] === null) continue;
          const { kind, unique, lastFirst } = columns[k];
          values[k][r] =
            kind === 'fullName' && lastFirst
              ? `${person.last}, ${person.first}`
              : make(
                  kind,
                  f,
                  randomizer,
                  locale,
                  columns[k].locale,
                  person,
                  unique ? g : -1,
                  countryColumn !== undefined && placeColumns,
                );
        }
      }
      columns.forEach(({ c }, k) => {
        out[c] = { ...(table.columns[c] as TextColumn), values: values[k] };
      });
      return { rowCount: table.rowCount, columns: out };
    },
  };
}

const FREE_EMAIL = ['gmail.com', 'hotmail.com', 'yahoo.com', 'outlook.com', 'example.com'];

interface NameLists {
  /** First and last names by sex (0 female, 1 male). */
  first: [string[], string[]];
  last: [string[], string[]];
}

const nameCache = new Map<PiiLocale, NameLists>();

/** A locale's first and last names (by sex where it has them), read from faker's definitions once. */
function nameLists(locale: PiiLocale): NameLists {
  let n = nameCache.get(locale);
  if (n) return n;
  const defs = definitions(locale);
  const list = (get: (d: LocaleDefinition) => unknown): string[] => {
    for (const d of defs) {
      const v = get(d);
      if (Array.isArray(v) && v.length) return v as string[];
    }
    return ['Alex'];
  };
  const firstOf = (sex: 'female' | 'male'): string[] =>
    list((d) => d.person?.first_name?.[sex] ?? d.person?.first_name?.generic);
  const lastOf = (sex: 'female' | 'male'): string[] =>
    list((d) => d.person?.last_name?.[sex] ?? d.person?.last_name?.generic);
  n = { first: [firstOf('female'), firstOf('male')], last: [lastOf('female'), lastOf('male')] };
  nameCache.set(locale, n);
  return n;
}

function pick(list: string[], r: Randomizer): string {
  return list[Math.floor(r.next() * list.length)];
}

/** A name as an email writes it: letters and digits, accents dropped. */
function ascii(s: string): string {
  return s.normalize('NFD').replace(/[^A-Za-z0-9]/g, '');
}

/** A 16-digit card number starting with 4 and passing the Luhn check, written in groups of four. */
function cardNumber(r: Randomizer): string {
  const d = [4];
  for (let i = 1; i < 15; i++) d.push(Math.floor(r.next() * 10));
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    let x = d[14 - i];
    if (i % 2 === 0) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
  }
  d.push((10 - (sum % 10)) % 10);
  const s = d.join('');
  return `${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8, 12)} ${s.slice(12)}`;
}

/** A version 4 UUID. */
function uuid(r: Randomizer): string {
  let hex = '';
  for (let i = 0; i < 32; i++) {
    let d = Math.floor(r.next() * 16);
    if (i === 12) d = 4;
    if (i === 16) d = 8 + (d & 3);
    hex += d.toString(16);
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The fake-value stream of one block: seeded by the seed and the block index only. */
function blockRng(seed: number, block: number): Rng {
  return new Rng((Math.imul(seed >>> 0, 0x85ebca6b) ^ Math.imul(block + 0x5111, 0x9e3779b1)) >>> 0).fork();
}

function make(
  kind: PiiKind,
  f: Faker,
  r: Randomizer,
  rowLocale: PiiLocale,
  columnLocale: PiiLocale,
  person: { first: string; last: string },
  uniqueRow: number,
  countryFromRow: boolean,
): string {
  switch (kind) {
    case 'firstName':
      return person.first;
    case 'lastName':
      return person.last;
    case 'fullName':
      return `${person.first} ${person.last}`;
    case 'email': {
      // As faker's internet.email builds it from a name, without its template machinery (50x faster).
      const rng = r;
      const a = ascii(person.first);
      const b = ascii(person.last);
      const style = Math.floor(rng.next() * 3);
      const local = style === 0 ? `${a}.${b}` : style === 1 ? `${a}_${b}` : `${a}${b}${Math.floor(rng.next() * 100)}`;
      const domains = FREE_EMAIL;
      const domain = domains[Math.floor(rng.next() * domains.length)];
      return `${local}${uniqueRow < 0 ? '' : `.${uniqueRow + 1}`}@${domain}`;
    }
    case 'phone':
      return f.phone.number({ style: 'national' });
    case 'streetAddress':
      return f.location.streetAddress();
    case 'city':
      return f.location.city();
    case 'postcode':
      return f.location.zipCode();
    case 'country':
      return countryFromRow ? COUNTRY_NAMES[columnLocale][rowLocale] : f.location.country();
    case 'iban': {
      const code = IBAN_COUNTRY[countryFromRow ? rowLocale : columnLocale];
      return code ? f.finance.iban({ countryCode: code }) : f.finance.iban();
    }
    case 'creditCard':
      return cardNumber(r);
    case 'ipAddress': {
      const rng = r;
      const octet = (): number => Math.floor(rng.next() * 256);
      return `${1 + Math.floor(rng.next() * 223)}.${octet()}.${octet()}.${1 + Math.floor(rng.next() * 254)}`;
    }
    case 'url':
      return uniqueRow < 0 ? f.internet.url() : `${f.internet.url()}/${uniqueRow + 1}`;
    case 'uuid':
      return uuid(r);
  }
}
