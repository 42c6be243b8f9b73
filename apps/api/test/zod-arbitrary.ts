/**
 * fast-check arbitraries derived from zod v4 schemas, for the fuzz test: valid-ish values (real
 * ids and emails from a pool, dates of 2026, known currencies and zones), boundary values
 * (empty, limits ± 1, int4 and safe-integer edges), hostile text (NUL, lone surrogates,
 * controls, 1 MB) and wrong types at any depth. Reads `schema._zod.def` (zod v4's public
 * definition objects); a type it does not know gets anything.
 */
import fc from 'fast-check';
import type { z } from 'zod';

/** Values that look right for a field, keyed by what the field's name says it is. */
export interface ValuePool {
  ids: string[];
  emails: string[];
  /** Any other plausible text: plugin names, license keys, queries. */
  texts: string[];
}

export const HUGE_TEXT = 'x'.repeat(1 << 20);
/** Text every text field should refuse or bear: NUL, lone surrogates, controls, quotes, 1 MB. */
export const HOSTILE_TEXTS = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udc00', `a\ud83d`, '\ude00b', '\u0007', '\t\r\n', '\u007f', '%', '_', '\\', "'", '"', '--', '*/',
  'NaN', '1e15', '-1', '0', '💥', '\u202e', '\ufeff', 'é'.normalize('NFD'), HUGE_TEXT, `${'\u0000'.repeat(3)}`, 'a'.repeat(256), 'a'.repeat(4097),
];
const HOSTILE_NUMBERS = [0, 1, -1, 2, 3, 24, 25, 26, 99, 100, 101, 199, 200, 201, 0.5, -0.5, 1e15, -1e15, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity];
const WRONG_TYPES: unknown[] = [null, 'text', 1e15, -1, NaN, true, [], {}, [null], { json: 1 }, '1e15', 'NaN', '2026-01-01', new Date(NaN)];
const DATES = [new Date(8.64e15), new Date(-8.64e15), new Date(NaN), new Date(0), new Date('0001-01-01T00:00:00Z'), new Date('9999-12-31T23:59:59Z'), new Date('1999-12-31T23:59:59Z'), new Date('2101-01-01T00:00:01Z')];
const DATE_TEXTS = ['2026-01-01', '2026-02-01T00:00:00Z', '0001-01-01', '9999-12-31', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z', 'not a date', '2026-13-45', '\u0000'];

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
  options?: z.ZodType[];
  in?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  coerce?: boolean;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** With `text` spliced in somewhere: a NUL or a lone surrogate in the middle of a valid value. */
const spliced = (valid: fc.Arbitrary<string>) =>
  fc.tuple(valid, fc.constantFrom('\u0000', '\u0000', '\ud800', '\udfff', '\u0001'), fc.nat()).map(([value, bad, at]) => {
    const i = value.length === 0 ? 0 : at % (value.length + 1);
    return value.slice(0, i) + bad + value.slice(i);
  });

function validishText(key: string, pool: ValuePool): fc.Arbitrary<string> {
  const name = key.toLowerCase();
  if (name === 'currency') return fc.constantFrom('usd', 'eur', 'jpy', 'kwd', 'USD', 'xxx');
  if (name === 'timezone') return fc.constantFrom('UTC', 'Europe/Paris', 'America/Argentina/Salta', 'Etc/GMT+5', '+01:00', 'Mars/Olympus');
  if (name.includes('email') || name === 'actor') return fc.constantFrom(...pool.emails);
  if (name.endsWith('id') || name === 'ids' || name === 'cursor') return fc.constantFrom(...pool.ids);
  if (name.endsWith('url')) return fc.constantFrom('https://console.example.test/return', 'http://localhost:5173/x?session={CHECKOUT_SESSION_ID}', 'javascript:alert(1)', 'https://\u0000.test');
  if (name === 'from' || name === 'to') return fc.constantFrom(...DATE_TEXTS);
  return fc.oneof(fc.constantFrom(...pool.texts), fc.string({ maxLength: 40 }));
}

function textFor(key: string, pool: ValuePool): fc.Arbitrary<string> {
  const valid = validishText(key, pool);
  return fc.oneof(
    { weight: 5, arbitrary: valid },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_TEXTS) },
    { weight: 4, arbitrary: spliced(valid) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  );
}

/**
 * An arbitrary for inputs of `schema`: mostly shaped like it (so calls get past validation and
 * reach the database), with hostile and wrong-typed values at every level.
 * @param key the field name the value is for (picks valid-ish ids, emails, currencies…).
 */
export function arbitraryFor(schema: z.ZodType, pool: ValuePool, key = '', depth = 0): fc.Arbitrary<unknown> {
  const shaped = shapedFor(schema, pool, key, depth);
  return fc.oneof({ weight: 12, arbitrary: shaped }, { weight: 1, arbitrary: fc.constantFrom(...WRONG_TYPES) });
}

function shapedFor(schema: z.ZodType, pool: ValuePool, key: string, depth: number): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (s: z.ZodType, k = key) => arbitraryFor(s, pool, k, depth + 1);
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {};
      const fields = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, inner(s, k)]));
      const keys = Object.keys(shape);
      // Every key, then sometimes one dropped (optional or not) and sometimes an unknown one added.
      const dropped = keys.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...keys) }) : fc.constant(null);
      return fc.tuple(fc.record(fields), dropped, fc.boolean()).map(([value, drop, isExtra]) => {
        const out: Record<string, unknown> = { ...value };
        if (drop !== null) delete out[drop];
        if (isExtra) out.unexpectedField = '\u0000';
        return out;
      });
    }
    case 'string':
      return textFor(key, pool);
    case 'number':
    case 'int':
      return fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.integer({ min: -5, max: 300 }));
    case 'bigint':
      return fc.constantFrom(0n, -1n, 2n ** 63n, 2n ** 64n);
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1));
    case 'date':
      return fc.oneof(
        fc.date({ min: new Date('2025-06-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...DATES),
        def.coerce ? fc.constantFrom(...DATE_TEXTS, 1e15, -1e15) : fc.constant(new Date(NaN)),
      );
    case 'enum':
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...Object.values(def.entries ?? {})) }, { weight: 1, arbitrary: fc.constantFrom('', 'ADMIN\u0000', 'unknown') });
    case 'literal':
      return fc.constantFrom(...(def.values ?? [null]));
    case 'optional':
      return fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: inner(def.innerType!) });
    case 'nullable':
      return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: inner(def.innerType!) });
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: inner(def.innerType!) });
    case 'pipe':
      return shapedFor(def.in!, pool, key, depth);
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => inner(option)));
    case 'array': {
      const element = inner(def.element!, key === '' ? 'items' : key);
      return fc.oneof({ weight: 6, arbitrary: fc.array(element, { maxLength: 4 }) }, { weight: 1, arbitrary: element.map((one) => Array.from({ length: 1001 }, () => one)) });
    }
    case 'record':
      return fc.dictionary(fc.constantFrom('a', '\u0000', '\ud800'), inner(def.valueType!), { maxKeys: 3 });
    default:
      return depth > 3 ? fc.constantFrom(...WRONG_TYPES) : fc.anything({ maxDepth: 2 });
  }
}
