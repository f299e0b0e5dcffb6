/**
 * Personal data: recognised by values and headers, never stored, generated as consistent fakes.
 * Fixtures: people-120.csv (120 rows, 44 full names, 6 seen once: the case from issue 12) and
 * contacts-300.csv (300 rows of made-up contacts: one column per kind, a 20-country column and a
 * 75-city column); both written by small scripts from fixed name lists (test/fixtures/README.md).
 */
import { describe, expect, it } from 'vitest';
import { Faker, base, de, en, fr, type LocaleDefinition } from '@faker-js/faker';
import { parseBlueprint } from '../../../../src/core/blueprint/parse';
import type { Blueprint } from '../../../../src/core/blueprint/types';
import { validateBlueprint } from '../../../../src/core/blueprint/validate';
import { readCsv } from '../../../../src/core/csv/read';
import { fitBlueprint } from '../../../../src/core/fit';
import { generateTable } from '../../../../src/core/generate';
import { detectPii } from '../../../../src/core/pii/detect';
import { synthesize } from '../../../../src/core/pipeline';
import type { Table } from '../../../../src/core/table';
import { fixture } from '../../helpers';

function texts(t: Table, name: string): (string | null)[] {
  const c = t.columns.find((x) => x.name === name);
  if (!c || c.storage !== 'text') throw new Error(`${name} is not text`);
  return c.values;
}

function fit(file: string) {
  return fitBlueprint(readCsv(fixture(file), { fileName: file }), { method: 'copula' });
}

/** Distinct values with their counts, as detection takes them. */
function counted(values: string[]): [string[], number[]] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [[...m.keys()], [...m.values()]];
}

describe('recognising personal data', () => {
  it('finds each kind in contacts-300.csv by values and header; a country column of 20 countries stays a category', () => {
    const columns = fit('contacts-300.csv').blueprint.columns;
    const kinds = Object.fromEntries(columns.map((c) => [c.name, c.pii ?? c.type]));
    expect(kinds).toEqual({
      customer_uuid: 'uuid',
      first_name: 'firstName',
      last_name: 'lastName',
      email: 'email',
      phone: 'phone',
      street_address: 'streetAddress',
      city: 'category',
      zip: 'postcode',
      country: 'category',
      iban: 'iban',
      card_number: 'creditCard',
      ip: 'ipAddress',
      website: 'url',
      age: 'integer',
      segment: 'category',
      balance: 'number',
    });
    // Every IBAN is German: that column's locale; the rest take the table's (US phone numbers).
    expect(columns.find((c) => c.name === 'iban')?.locale).toBe('de');
    expect(columns.find((c) => c.name === 'phone')?.locale).toBe('en_US');
  });

  it('takes IPv6 addresses, not times or durations, for IP addresses', () => {
    const ips = ['2001:db8::1', 'fe80::1ff:fe23:4567:890a', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '::1'];
    const [v6, c6] = counted(Array.from({ length: 200 }, (_, i) => ips[i % 4].replace(/1$/, (i % 10).toString())));
    expect(detectPii('address', v6, c6, 5)?.kind).toBe('ipAddress');
    // Durations and times of day: three colon-separated groups of digits, which the old pattern
    // (any 3-8 groups of up to 4 hex digits) read as compressed IPv6 addresses.
    const [vt, ct] = counted(Array.from({ length: 200 }, (_, i) => `${i % 6}:${10 + (i % 50)}:${10 + ((i * 7) % 50)}`));
    expect(detectPii('dur', vt, ct, 5)).toBeUndefined();
  });

  it('takes codes of digits and dashes under an identifier header for codes, not telephone numbers', () => {
    // CDISC subject ids as the pharmaverse SDTM/ADaM tables write them (study-site-subject).
    const [v, c] = counted(Array.from({ length: 300 }, (_, i) => `01-7${String(i % 17).padStart(2, '0')}-${1000 + i}`));
    for (const header of ['USUBJID', 'patient_id', 'SubjectId', 'order no', 'key'])
      expect(detectPii(header, v, c, 5)).toBeUndefined();
    // The same values under a header that says phone, or says nothing, are still telephone numbers.
    expect(detectPii('phone_id', v, c, 5)?.kind).toBe('phone');
    expect(detectPii('contact', v, c, 5)?.kind).toBe('phone');
  });

  it('takes a few values of digits and dashes that many rows share for a category, not telephone numbers', () => {
    // mstate's ebmt4: `year` holds three periods of transplant, on 634, 896 and 749 rows.
    const [v, c] = counted([
      ...Array<string>(634).fill('1985-1989'),
      ...Array<string>(896).fill('1990-1994'),
      ...Array<string>(749).fill('1995-1998'),
    ]);
    for (const header of ['year', 'period', 'contact']) expect(detectPii(header, v, c, 5)).toBeUndefined();
    // A header that says phone keeps them telephone numbers (a switchboard's few numbers).
    expect(detectPii('phone', v, c, 5)?.kind).toBe('phone');
  });

  it('models first names that most rows share with several others as a category, as countries', () => {
    const names = en.person!.first_name!.generic as string[];
    // An experiment's names (AER's ResumeNames: 36 names on 135 resumes each), here 36 x 10.
    const [v, c] = counted(Array.from({ length: 360 }, (_, i) => names[i % 36]));
    expect(detectPii('firstname', v, c, 5)).toBeUndefined();
    expect(detectPii('name', v, c, 5)).toBeUndefined();
    // A register of people: most names held by fewer than 5 rows.
    const [w, d] = counted(Array.from({ length: 360 }, (_, i) => names[(i * 7) % names.length]));
    expect(detectPii('firstname', w, d, 5)?.kind).toBe('firstName');
    expect(detectPii('name', w, d, 5)?.kind).toBe('firstName');
  });

  it('needs the values, not the header alone', () => {
    const [v, c] = counted(Array.from({ length: 200 }, (_, i) => `item ${i % 40}`));
    expect(detectPii('email', v, c, 5)).toBeUndefined();
    expect(detectPii('name', ['Widget', 'Gadget', 'Sprocket'], [50, 60, 70], 5)).toBeUndefined();
    // A city column whose cities each hold many rows is a category to model, not a column to fake.
    expect(detectPii('city', ['Berlin', 'Paris', 'Madrid'], [90, 80, 70], 5)).toBeUndefined();
    expect(detectPii('city', ['Springfield', 'Riverton', 'Oakville', 'Lakewood'], [1, 2, 1, 1], 5)?.kind).toBe('city');
  });

  it('reads "Last, First" names, and the 120-row table of 44 names, as person names', () => {
    const people = fit('people-120.csv');
    const spec = people.blueprint.columns.find((c) => c.name === 'full_name')!;
    expect(spec).toEqual({ name: 'full_name', type: 'text', pii: 'fullName', locale: 'en_US' });
    expect(people.warnings.some((w) => w.code === 'fit/pii' && w.message.includes('"full_name"'))).toBe(true);
    const messy = fit('messy.csv').blueprint.columns.find((c) => c.name === 'name')!;
    expect(messy).toMatchObject({ pii: 'fullName', format: '{last}, {first}' });
  });
});

describe('fake values', () => {
  it('stores no real name in the blueprint and generates none (people-120.csv)', () => {
    const out = synthesize({ csv: fixture('people-120.csv'), fileName: 'people-120.csv' });
    const real = new Set(
      new TextDecoder()
        .decode(fixture('people-120.csv'))
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0])
        .filter(Boolean),
    );
    expect(real.size).toBe(44);
    for (const name of real) expect(out.blueprintText).not.toContain(name);
    const synthetic = out.csvText
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split(',')[0]);
    const copies = synthetic.filter((n) => real.has(n)).length;
    // The report counts the same thing, independently of this count.
    expect(out.report.privacy.pii).toEqual([
      expect.objectContaining({
        column: 'full_name',
        kind: 'fullName',
        syntheticValues: 120,
        realValues: 44,
        realInOutput: copies,
      }),
    ]);
    expect(copies).toBeLessThanOrEqual(2);
    expect(
      out.report.notes.some((n) => n.startsWith('Personal data made up, never copied: full_name (fullName)')),
    ).toBe(true);
  });

  it('makes every kind in its format, the email from the row name, the IBAN in its locale', () => {
    const b = fit('contacts-300.csv').blueprint;
    const t = generateTable(b, { rows: 2000 });
    const first = texts(t, 'first_name');
    const last = texts(t, 'last_name');
    const email = texts(t, 'email');
    const plain = (s: string): string =>
      s
        .normalize('NFD')
        .replace(/[^A-Za-z]/g, '')
        .toLowerCase();
    for (let r = 0; r < 2000; r++) {
      expect(email[r]).toMatch(/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/);
      // faker builds the local part from the name it is given (possibly shortened to initials).
      const local = plain(email[r]!.split('@')[0]);
      expect(local.includes(plain(last[r]!)) || local.includes(plain(first[r]!))).toBe(true);
    }
    // Emails were unique in the source: unique here too.
    expect(new Set(email).size).toBe(2000);
    for (const v of texts(t, 'customer_uuid'))
      expect(v).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const v of texts(t, 'iban')) {
      expect(v).toMatch(/^DE\d{20}$/);
      expect(mod97(v!)).toBe(1);
    }
    for (const v of texts(t, 'card_number')) expect(luhn(v!)).toBe(true);
    for (const v of texts(t, 'ip')) expect(v).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
    for (const v of texts(t, 'website')) expect(v).toMatch(/^https?:\/\//);
    const real = new Set(new TextDecoder().decode(fixture('contacts-300.csv')).split(/[\n,]/));
    const copied = ['email', 'phone', 'iban', 'card_number', 'customer_uuid'].flatMap((c) =>
      texts(t, c).filter((v) => real.has(v!)),
    );
    expect(copied).toEqual([]);
  });

  it('is the same for the same seed and chunking, different for another seed', () => {
    const b = fit('contacts-300.csv').blueprint;
    b.columns = b.columns.filter((c) => !['street_address', 'website', 'iban', 'phone'].includes(c.name));
    const a = generateTable(b, { rows: 9000, seed: 5 });
    const again = generateTable(b, { rows: 9000, seed: 5, chunkSize: 4096 });
    for (const name of ['email', 'first_name', 'customer_uuid']) expect(texts(again, name)).toEqual(texts(a, name));
    expect(texts(generateTable(b, { rows: 9000, seed: 6 }), 'email')).not.toEqual(texts(a, 'email'));
  });

  it('puts the city in the row country when both are personal data, and follows a modelled country', () => {
    const blueprint: Blueprint = {
      version: 1,
      name: 'places',
      method: 'rules',
      rows: 3000,
      seed: 3,
      columns: [
        { name: 'country', type: 'text', pii: 'country' },
        { name: 'city', type: 'text', pii: 'city' },
        { name: 'iban', type: 'text', pii: 'iban' },
      ],
    };
    const t = generateTable(blueprint);
    const country = texts(t, 'country');
    const iban = texts(t, 'iban');
    const code: Record<string, string> = { Germany: 'DE', France: 'FR', Spain: 'ES', 'United Kingdom': 'GB' };
    for (let r = 0; r < 3000; r++) if (code[country[r]!]) expect(iban[r]!.slice(0, 2)).toBe(code[country[r]!]);
    // German rows draw German cities, French rows French ones: the share of faker's German city
    // list among German rows is what faker's German locale gives on its own (the reference,
    // sampled here), and French cities do not appear there.
    const deCities = new Set(de.location!.city_name as string[]);
    const frCities = new Set(fr.location!.city_name as string[]);
    const ref = (defs: LocaleDefinition[], set: Set<string>): number => {
      const f = new Faker({ locale: defs, seed: 1 });
      let k = 0;
      for (let i = 0; i < 2000; i++) if (set.has(f.location.city())) k++;
      return k / 2000;
    };
    const city = texts(t, 'city');
    const share = (c: string, set: Set<string>): number => {
      const rows = city.filter((_, r) => country[r] === c);
      return rows.filter((x) => set.has(x!)).length / rows.length;
    };
    const deRef = ref([de, en, base], deCities);
    expect(deRef).toBeGreaterThan(0.1);
    expect(Math.abs(share('Germany', deCities) - deRef)).toBeLessThan(0.08);
    expect(Math.abs(share('France', frCities) - ref([fr, en, base], frCities))).toBeLessThan(0.08);
    expect(share('Germany', frCities)).toBeLessThan(0.02);

    const modelled: Blueprint = {
      ...blueprint,
      columns: [
        {
          name: 'country',
          type: 'category',
          distribution: { kind: 'categorical', probabilities: { Germany: 0.5, France: 0.5 } },
        },
        { name: 'city', type: 'text', pii: 'city' },
      ],
    };
    const m = generateTable(modelled);
    const mc = m.columns[0];
    if (mc.storage !== 'categorical') throw new Error('category');
    const mCity = texts(m, 'city');
    let german = 0;
    let inList = 0;
    for (let r = 0; r < 3000; r++)
      if (mc.levels[mc.codes[r]] === 'Germany') {
        german++;
        if (deCities.has(mCity[r]!)) inList++;
      }
    expect(Math.abs(inList / german - deRef)).toBeLessThan(0.08);
  });
});

describe('overriding', () => {
  it('validates pii and locale, with a clear message for a numeric column', () => {
    const base = fit('contacts-300.csv').blueprint;
    const b = structuredClone(base);
    b.columns.find((c) => c.name === 'age')!.pii = 'phone';
    b.columns.find((c) => c.name === 'email')!.locale = 'xx' as never;
    const problems = validateBlueprint(b).filter((p) => p.severity === 'error');
    const age = base.columns.findIndex((c) => c.name === 'age');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'blueprint/pii-type',
          path: ['columns', age, 'pii'],
          message:
            'Column "age" is an integer column: "pii" makes fake phone values, which are text, so it cannot apply here.',
        }),
        expect.objectContaining({
          code: 'blueprint/enum',
          path: ['columns', base.columns.findIndex((c) => c.name === 'email'), 'locale'],
        }),
      ]),
    );
  });

  it('a fitted blueprint parses cleanly, and removing pii generates text in shape instead', () => {
    const out = synthesize({ csv: fixture('contacts-300.csv'), fileName: 'contacts-300.csv' });
    expect(parseBlueprint(out.blueprintText, 'c.synth.json').problems).toEqual([]);
    const b = structuredClone(out.blueprint);
    const spec = b.columns.find((c) => c.name === 'email')!;
    delete spec.pii;
    delete spec.locale;
    const t = generateTable(b, { rows: 50 });
    expect(texts(t, 'email').every((v) => !v!.includes('@'))).toBe(true);
  });
});

function mod97(iban: string): number {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const d = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const x of d) rem = (rem * 10 + Number(x)) % 97;
  }
  return rem;
}

function luhn(v: string): boolean {
  const s = v.replace(/\D/g, '');
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = Number(s[s.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return s.length >= 12 && sum % 10 === 0;
}
