/**
 * Columns of personal data: recognised by their values and their header together, never by the
 * header alone. A fitted blueprint marks such a column `"pii": "email"` (with a `locale`) and
 * stores none of its values; generation makes realistic fake values instead (generate/pii.ts).
 *
 * Kinds that identify a person (names, emails, phones, street addresses, IBANs, card numbers, IP
 * addresses, UUIDs) are personal data whenever the values look like them. Places and URLs
 * (cities, postcodes, countries, URLs) are personal data only when the column is close to
 * identifying: most rows carry a value seen in fewer than `minGroupSize` rows. A `country` column
 * of 20 countries is a category to model, not a column to fake.
 *
 * Name lists for recognising person names are faker's (the locales the generator uses).
 */
import { namesId } from '../csv/infer';
import { de, en, en_GB, es, fr } from '@faker-js/faker';
import { PII_LOCALES, type PiiKind, type PiiLocale } from './kinds';

/** Share of present values that must look like the kind. */
const SHAPE_SHARE = 0.9;

export interface PiiFinding {
  kind: PiiKind;
  /** Full names written "Last, First" in most rows. */
  lastFirst?: boolean;
  /** Evidence for a locale (phone prefixes, IBAN countries, name lists, top-level domains). */
  votes: Map<PiiLocale, number>;
}

const words = (name: string): string[] =>
  name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

function headerKind(name: string): PiiKind | 'name' | undefined {
  const w = words(name);
  const has = (...xs: string[]): boolean => xs.some((x) => w.includes(x));
  const joined = w.join('');
  if (has('email', 'mail') || joined.includes('email')) return 'email';
  if (has('phone', 'tel', 'telephone', 'mobile', 'cell', 'fax') || joined.includes('phone')) return 'phone';
  if (has('iban')) return 'iban';
  if (has('card', 'cc', 'pan') || joined.includes('creditcard')) return 'creditCard';
  if (has('ip') || joined.includes('ipaddress')) return 'ipAddress';
  if (has('url', 'website', 'homepage', 'link')) return 'url';
  if (has('uuid', 'guid')) return 'uuid';
  if (has('zip', 'zipcode', 'postcode', 'postal', 'plz')) return 'postcode';
  if (has('city', 'town', 'municipality', 'locality')) return 'city';
  if (has('country', 'nation')) return 'country';
  if (has('address', 'street', 'addr', 'strasse')) return 'streetAddress';
  if (has('first', 'given', 'forename', 'firstname', 'givenname')) return 'firstName';
  if (has('last', 'surname', 'family', 'lastname', 'familyname')) return 'lastName';
  if (
    has('name', 'fullname', 'customer', 'client', 'person', 'employee', 'patient', 'contact', 'owner', 'passenger') &&
    !has('product', 'company', 'item', 'file', 'brand', 'city', 'country', 'street', 'user', 'username', 'host', 'team')
  )
    return 'name';
  return undefined;
}

/** A header that names an identifier (`namesId`) or a key, code or number: `order no`, `key`. */
function namesIdentifier(name: string): boolean {
  return namesId(name) || words(name).some((x) => x === 'key' || x === 'code' || x === 'no');
}

let nameLists:
  { first: Map<string, Set<PiiLocale>>; last: Map<string, Set<PiiLocale>>; countries: Set<string> } | undefined;

/** Faker's first and last names per locale, lower-cased, and country names (built once). */
function lists(): NonNullable<typeof nameLists> {
  if (nameLists) return nameLists;
  const first = new Map<string, Set<PiiLocale>>();
  const last = new Map<string, Set<PiiLocale>>();
  const countries = new Set<string>();
  const add = (map: Map<string, Set<PiiLocale>>, values: unknown, locale: PiiLocale): void => {
    if (!Array.isArray(values)) return;
    for (const v of values) {
      if (typeof v !== 'string') continue;
      const k = v.toLowerCase();
      let s = map.get(k);
      if (!s) map.set(k, (s = new Set()));
      s.add(locale);
    }
  };
  const defs: [PiiLocale, typeof en][] = [
    ['en_US', en],
    ['en_GB', en_GB as typeof en],
    ['de', de as typeof en],
    ['fr', fr as typeof en],
    ['es', es as typeof en],
  ];
  for (const [locale, d] of defs) {
    const fn = d.person?.first_name;
    add(first, fn?.generic, locale);
    add(first, fn?.female, locale);
    add(first, fn?.male, locale);
    const ln = d.person?.last_name;
    add(last, ln?.generic, locale);
    add(last, ln?.female, locale);
    add(last, ln?.male, locale);
    for (const c of (d.location?.country as string[] | undefined) ?? []) countries.add(c.toLowerCase());
  }
  for (const code of ['us', 'usa', 'uk', 'gb', 'de', 'fr', 'es', 'it', 'nl', 'ca', 'au', 'ch', 'at'])
    countries.add(code);
  nameLists = { first, last, countries };
  return nameLists;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
/**
 * An IPv6 address: eight groups of 1-4 hex digits, or fewer around one "::" (RFC 4291). A looser
 * pattern (any 3-8 colon-separated groups) took durations and times (3:45:12) for addresses.
 */
function isIpv6(v: string): boolean {
  const halves = v.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  return halves.length === 1 ? groups.length === 8 : groups.length <= 7;
}
const URL_RE = /^(https?:\/\/|www\.)[^\s]+$/i;
const PHONE = /^\+?[\d\s().\-/]{7,22}$/;
const POSTCODE = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9 -]{2,9}$/;
const PERSON_WORD = /^\p{Lu}[\p{L}'’.-]*$/u;
const PARTICLES = new Set(['van', 'der', 'den', 'de', 'la', 'le', 'von', 'da', 'di', 'del', 'dos', 'du', 'bin', 'al']);
const PLACE = /^[\p{L}][\p{L}'’. -]*$/u;
const STREET_WORDS =
  /\b(st|street|ave|avenue|rd|road|blvd|boulevard|lane|ln|dr|drive|way|ct|court|pl|place|sq|square|str|straße|strasse|weg|gasse|platz|allee|rue|avenue|chemin|calle|avenida|plaza|paseo)\b\.?/i;

function ibanValid(v: string): boolean {
  const s = v.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const d = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const x of d) rem = (rem * 10 + Number(x)) % 97;
  }
  return rem === 1;
}

function luhn(v: string): boolean {
  const s = v.replace(/[\s-]/g, '');
  if (!/^\d{13,19}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = s.charCodeAt(s.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const PHONE_PREFIX: [string, PiiLocale][] = [
  ['+1', 'en_US'],
  ['+44', 'en_GB'],
  ['+49', 'de'],
  ['+33', 'fr'],
  ['+34', 'es'],
];
const COUNTRY_CODE: Record<string, PiiLocale> = { US: 'en_US', GB: 'en_GB', DE: 'de', FR: 'fr', ES: 'es' };
const TLD: [RegExp, PiiLocale][] = [
  [/\.co\.uk$|\.uk$/i, 'en_GB'],
  [/\.de$/i, 'de'],
  [/\.fr$/i, 'fr'],
  [/\.es$/i, 'es'],
];

/**
 * The personal-data kind of a column of strings (`values`: distinct present values and their row
 * counts), or undefined. `minGroupSize` decides when a place column is too identifying to model.
 */
export function detectPii(
  name: string,
  values: readonly string[],
  counts: ArrayLike<number>,
  minGroupSize: number,
): PiiFinding | undefined {
  let present = 0;
  let rare = 0;
  for (let i = 0; i < values.length; i++) {
    present += counts[i];
    if (counts[i] < minGroupSize) rare += counts[i];
  }
  if (present === 0) return undefined;
  const identifying = rare / present > 0.5;
  const votes = new Map<PiiLocale, number>();
  const vote = (l: PiiLocale, w = 1): void => {
    votes.set(l, (votes.get(l) ?? 0) + w);
  };
  /** Share of rows whose value passes `test`. */
  const share = (test: (v: string) => boolean): number => {
    let k = 0;
    for (let i = 0; i < values.length; i++) if (test(values[i].trim())) k += counts[i];
    return k / present;
  };
  const hint = headerKind(name);
  const found = (kind: PiiKind): PiiFinding => ({ kind, votes });

  if (share((v) => UUID.test(v)) >= SHAPE_SHARE) return found('uuid');
  if (share((v) => EMAIL.test(v)) >= SHAPE_SHARE) {
    for (const v of values) for (const [re, l] of TLD) if (re.test(v)) vote(l);
    return found('email');
  }
  if (share(ibanValid) >= SHAPE_SHARE) {
    for (const v of values) {
      const l = COUNTRY_CODE[v.trim().slice(0, 2).toUpperCase()];
      if (l) vote(l);
    }
    return found('iban');
  }
  if (share(luhn) >= SHAPE_SHARE && (hint === 'creditCard' || share((v) => /^\d{4}[\s-]\d{4}/.test(v)) >= 0.5))
    return found('creditCard');
  if (share((v) => IPV4.test(v) || (v.includes(':') && isIpv6(v))) >= SHAPE_SHARE) return found('ipAddress');
  if (share((v) => URL_RE.test(v)) >= SHAPE_SHARE && (identifying || hint === 'url')) return found('url');
  const digits = (v: string): number => v.replace(/\D/g, '').length;
  // A column its header names an identifier (USUBJID, patient_id, order no) holds codes of digits
  // and dashes that are not telephone numbers (clinical subject ids 01-701-1015 were faked as
  // "(768) 534-8113"), unless the header also says phone. Nor is a column of a few values shared
  // by many rows each, unless its header says phone: telephone numbers belong to one person or a
  // few (mstate's ebmt4 `year`, three periods such as 1985-1989 on 634 to 896 rows each, was
  // faked as phone numbers, and its rows told apart by them).
  if (
    (hint === 'phone' || (identifying && !namesIdentifier(name))) &&
    share((v) => PHONE.test(v) && digits(v) >= 7 && digits(v) <= 15) >= SHAPE_SHARE &&
    (hint === 'phone' || share((v) => /[+()\s-]/.test(v)) >= 0.5) &&
    hint !== 'postcode' &&
    hint !== 'creditCard'
  ) {
    for (const v of values) for (const [p, l] of PHONE_PREFIX) if (v.trim().startsWith(p)) vote(l);
    return found('phone');
  }
  if (hint === 'postcode' && identifying && share((v) => POSTCODE.test(v)) >= SHAPE_SHARE) return found('postcode');

  // Person names: every word capitalised, one to four words, many in the name lists.
  const { first, last, countries } = lists();
  // "Last, First" is read as "First Last".
  const tokens = (v: string): string[] => {
    const comma = v.indexOf(',');
    const ordered = comma > 0 ? `${v.slice(comma + 1)} ${v.slice(0, comma)}` : v;
    return ordered.split(/\s+/).filter(Boolean);
  };
  const nameShaped = share((v) => {
    const t = tokens(v);
    return t.length >= 1 && t.length <= 5 && t.every((x) => PERSON_WORD.test(x) || PARTICLES.has(x));
  });
  if (nameShaped >= SHAPE_SHARE && hint !== 'city' && hint !== 'country' && hint !== 'streetAddress') {
    const firstHits = share((v) => first.has(tokens(v)[0]?.toLowerCase() ?? ''));
    const lastHits = share((v) => {
      const t = tokens(v);
      return last.has(t[t.length - 1]?.toLowerCase() ?? '');
    });
    const multi = share((v) => tokens(v).length >= 2);
    const voteNames = (map: Map<string, Set<PiiLocale>>, pick: (t: string[]) => string | undefined): void => {
      values.forEach((v, i) => {
        const key = pick(tokens(v))?.toLowerCase();
        const ls = key ? map.get(key) : undefined;
        // A name in one locale's list only is evidence for it; common names count for none.
        if (ls && ls.size <= 2) for (const l of ls) vote(l, counts[i] / ls.size);
      });
    };
    // First names that most rows share with minGroupSize or more others (36 names given to 135
    // resumes each in an experiment; members of Congress, John in 4% of rows) are a category to
    // model, as countries are: faked, they were new values a classifier told apart at once.
    if (hint === 'firstName' && firstHits >= 0.3) {
      if (!identifying) return undefined;
      voteNames(first, (t) => t[0]);
      return found('firstName');
    }
    if (hint === 'lastName' && lastHits >= 0.3) {
      voteNames(last, (t) => t[t.length - 1]);
      return found('lastName');
    }
    const fullHits = Math.max(firstHits, lastHits);
    if (multi >= 0.8 && (fullHits >= (hint === 'name' ? 0.3 : 0.6) || (firstHits >= 0.3 && lastHits >= 0.3))) {
      voteNames(first, (t) => t[0]);
      voteNames(last, (t) => t[t.length - 1]);
      return { ...found('fullName'), ...(share((v) => v.includes(',')) >= 0.5 ? { lastFirst: true } : {}) };
    }
    if (multi < 0.2 && hint === 'name' && firstHits >= 0.5) return identifying ? found('firstName') : undefined;
  }
  if (
    (hint === 'streetAddress' || share((v) => STREET_WORDS.test(v)) >= 0.6) &&
    share((v) => /\d/.test(v) && /\p{L}{2,}/u.test(v)) >= SHAPE_SHARE
  )
    return found('streetAddress');
  const countryShare = share((v) => countries.has(v.toLowerCase()));
  if (countryShare >= 0.8 && (hint === 'country' || countryShare >= 0.95))
    return identifying ? found('country') : undefined;
  if (hint === 'city' && identifying && share((v) => PLACE.test(v)) >= SHAPE_SHARE) return found('city');
  return undefined;
}

/** The locale with the most votes over the table's personal-data columns (default en_US). */
export function pickLocale(findings: Iterable<PiiFinding>): PiiLocale {
  const total = new Map<PiiLocale, number>();
  for (const f of findings) for (const [l, w] of f.votes) total.set(l, (total.get(l) ?? 0) + w);
  let best: PiiLocale = 'en_US';
  let bestW = 0;
  for (const l of PII_LOCALES) {
    const w = total.get(l) ?? 0;
    if (w > bestW) {
      best = l;
      bestW = w;
    }
  }
  return best;
}

/** Distinct values looked at per column (evenly spread, with their counts): enough to judge a shape. */
const MAX_DISTINCT = 5000;

export interface PiiColumn {
  kind: PiiKind;
  locale: PiiLocale;
  /** `{last}, {first}` for full names written that way. */
  format?: string;
}

/**
 * The personal-data columns of a table read as strings (`cells` per column, with the type
 * inference gave it): by column index, each with its kind and the table's locale. Booleans,
 * datetimes and decimal numbers are never personal data here; `skip` names columns whose type the
 * user forced.
 */
export function findPiiColumns(
  header: readonly string[],
  dictionaries: readonly { values: readonly string[]; counts: ArrayLike<number> }[],
  types: readonly string[],
  minGroupSize: number,
  skip: ReadonlySet<string> = new Set(),
): Map<number, PiiColumn> {
  const found = new Map<number, PiiFinding>();
  header.forEach((name, i) => {
    if (skip.has(name) || types[i] === 'boolean' || types[i] === 'datetime' || types[i] === 'number') return;
    const { values, counts } = dictionaries[i];
    const all = values.length;
    let v: readonly string[] = values;
    let c: ArrayLike<number> = counts;
    if (all > MAX_DISTINCT) {
      // Every row still counts for "identifying": rows of values left out are spread over those kept.
      const step = all / MAX_DISTINCT;
      const pickV: string[] = [];
      const pickC: number[] = [];
      for (let k = 0; k < MAX_DISTINCT; k++) {
        const j = Math.floor(k * step);
        pickV.push(values[j]);
        pickC.push(counts[j]);
      }
      v = pickV;
      c = pickC;
    }
    const f = detectPii(name, v, c, minGroupSize);
    if (f) found.set(i, f);
  });
  // A column with evidence of its own (IBAN countries, phone prefixes) keeps its locale; the rest take the table's.
  const locale = pickLocale(found.values());
  return new Map(
    [...found].map(([i, f]) => [
      i,
      {
        kind: f.kind,
        locale: f.votes.size ? pickLocale([f]) : locale,
        ...(f.lastFirst ? { format: '{last}, {first}' } : {}),
      },
    ]),
  );
}
