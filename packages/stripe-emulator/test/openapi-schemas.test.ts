/**
 * The OpenAPI assertions (openapi-schemas.ts) on their own, without the emulator: Stripe's
 * published sample objects (../openapi/fixtures.json) pass, and copies with a required field
 * deleted, a wrong type or a value outside an enum fail with a message naming the field.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertMatchesStripeListResponse, assertMatchesStripeSchema, STRIPE_API_VERSION, STRIPE_LIST_PATHS, STRIPE_OBJECT_TYPES } from './openapi-schemas.ts';

type Sample = Record<string, unknown>;
type PropertySchema = { type?: string; enum?: unknown[]; anyOf?: unknown[] };

const samples = (JSON.parse(readFileSync(new URL('../openapi/fixtures.json', import.meta.url), 'utf8')) as { resources: Record<string, Sample> }).resources;
const vendored = JSON.parse(readFileSync(new URL('../openapi/stripe-schemas.json', import.meta.url), 'utf8')) as {
  lists: Record<string, { properties: { data: { items: { $ref: string } } } }>;
  schemas: Record<string, { properties: Record<string, PropertySchema>; required?: string[] }>;
};

/**
 * fixtures3.json comes from a later Stripe release than the 2023-08-16 spec; where a sample
 * follows the newer API, the mismatch is asserted (so a refresh that fixes it shows up) and
 * the sample patched to the 2023-08-16 shape before the rest of it is checked.
 */
const VERSION_SKEW: Record<string, { fields: string[]; patch(sample: Sample): void }> = {
  // settings.bacs_debit_payments.display_name became nullable after 2023-08-16.
  account: {
    fields: ['/settings/bacs_debit_payments/display_name'],
    patch: (sample) => {
      ((sample.settings as Sample).bacs_debit_payments as Sample).display_name = 'Example';
    },
  },
  // discount.coupon moved to discount.source.coupon in a later API version (the sample has no coupon).
  customer: {
    fields: ['/discount/coupon'],
    patch: (sample) => {
      sample.discount = null;
    },
  },
};

/** A deep copy of the sample of `type`, patched to the vendored API version. */
function sample(type: string): Sample {
  const copy = structuredClone(samples[type]!);
  VERSION_SKEW[type]?.patch(copy);
  return copy;
}

function errorOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the assertion to fail');
}

const TYPES = [...STRIPE_OBJECT_TYPES];

/** For each type, a required field to delete, a field to give a wrong type and a field to give a bad enum value, taken from its schema. */
const MUTATIONS = TYPES.map((type) => {
  const schema = vendored.schemas[type]!;
  const required = schema.required ?? [];
  const property = (name: string) => schema.properties[name]!;
  const scalar = required.filter((name) => ['integer', 'boolean', 'string'].includes(property(name).type ?? '') && name !== 'object');
  const wrongType = scalar.find((name) => property(name).type === 'integer') ?? scalar.find((name) => property(name).type === 'boolean') ?? scalar[0]!;
  const enumField = required.find((name) => property(name).enum && name !== 'object') ?? 'object';
  const deleted = required.find((name) => name !== 'id' && name !== 'object') ?? 'object';
  return { type, deleted, wrongType, wrongTypeIs: property(wrongType).type!, enumField };
});

describe(`Stripe's sample objects match the vendored OpenAPI schemas (API ${STRIPE_API_VERSION})`, () => {
  it('covers the object types the emulator serves', () => {
    expect(TYPES.sort()).toEqual([
      'account', 'account_link', 'application_fee', 'balance', 'balance_transaction', 'charge', 'checkout.session', 'customer', 'dispute', 'event',
      'fee_refund', 'login_link', 'payment_intent', 'payout', 'refund', 'setup_intent', 'transfer', 'transfer_reversal',
    ]);
    for (const type of TYPES) expect(samples[type], type).toBeTypeOf('object');
  });

  it.each(TYPES)('%s', (type) => {
    const skew = VERSION_SKEW[type];
    if (skew) {
      const message = errorOf(() => assertMatchesStripeSchema(type, samples[type]));
      const fields = message.split('\n').slice(1).map((line) => line.trim().split(/[ :]/)[0]);
      expect(fields).toEqual(skew.fields);
    }
    expect(() => assertMatchesStripeSchema(type, sample(type))).not.toThrow();
  });
});

describe('mutated samples fail with a message naming the field', () => {
  it.each(MUTATIONS)('$type without $deleted', ({ type, deleted }) => {
    const object = sample(type);
    delete object[deleted];
    const message = errorOf(() => assertMatchesStripeSchema(type, object));
    expect(message).toContain(`/${deleted}: required field is missing`);
    if (typeof object.id === 'string') expect(message).toContain(object.id);
  });

  it.each(MUTATIONS)('$type with a wrong type in $wrongType ($wrongTypeIs)', ({ type, wrongType, wrongTypeIs }) => {
    const object = sample(type);
    object[wrongType] = wrongTypeIs === 'string' ? 12345 : 'not-a-number-nor-boolean';
    expect(errorOf(() => assertMatchesStripeSchema(type, object))).toMatch(new RegExp(`\\n  /${wrongType}: must be of type ${wrongTypeIs}`));
  });

  it.each(MUTATIONS)('$type with a bad $enumField', ({ type, enumField }) => {
    const object = sample(type);
    object[enumField] = 'not_a_stripe_value';
    expect(errorOf(() => assertMatchesStripeSchema(type, object))).toMatch(new RegExp(`\\n  /${enumField}: must be one of .*\\(found "not_a_stripe_value"\\)`));
  });

  it('a nested field, with the id of the object around it', () => {
    const charge = sample('charge');
    (charge.outcome as Sample).risk_score = 'high';
    delete (charge.outcome as Sample).type;
    (charge.billing_details as Sample).address = { city: 7 };
    const message = errorOf(() => assertMatchesStripeSchema('charge', charge));
    expect(message).toContain(`charge ${String(charge.id)} does not match Stripe's OpenAPI schema`);
    expect(message).toContain('/outcome/risk_score: must be of type integer (found "high")');
    expect(message).toContain('/outcome/type: required field is missing');
    expect(message).toContain('/billing_details/address/city: must be of type string or null (found 7)');
    expect(message.split('\n')).toHaveLength(4);
  });

  it('unknown object types are refused', () => {
    expect(() => assertMatchesStripeSchema('plugin', {})).toThrow(/No vendored Stripe schema for object type 'plugin'/);
  });
});

describe('OpenAPI 3.0 features', () => {
  it('nullable fields accept null, and only null besides their type', () => {
    const intent = sample('payment_intent');
    intent.description = null;
    intent.customer = null;
    expect(() => assertMatchesStripeSchema('payment_intent', intent)).not.toThrow();
    intent.description = false;
    expect(errorOf(() => assertMatchesStripeSchema('payment_intent', intent))).toContain('/description: must be of type string or null (found false)');
  });

  it('nullable enums accept null', () => {
    const intent = sample('payment_intent');
    intent.cancellation_reason = null;
    expect(() => assertMatchesStripeSchema('payment_intent', intent)).not.toThrow();
    intent.cancellation_reason = 'bored';
    expect(errorOf(() => assertMatchesStripeSchema('payment_intent', intent))).toContain('/cancellation_reason: must be one of');
  });

  it('expandable fields accept an id or the expanded object, and check the expanded object', () => {
    const intent = sample('payment_intent');
    const charge = sample('charge');
    intent.latest_charge = charge.id;
    expect(() => assertMatchesStripeSchema('payment_intent', intent)).not.toThrow();
    intent.latest_charge = charge;
    expect(() => assertMatchesStripeSchema('payment_intent', intent)).not.toThrow();
    intent.latest_charge = { ...charge, amount: '1000' };
    const message = errorOf(() => assertMatchesStripeSchema('payment_intent', intent));
    expect(message).toContain(`/latest_charge/amount (in ${String(charge.id)}): must be of type integer (found "1000")`);
    expect(message).not.toMatch(/\/latest_charge: /);
    intent.latest_charge = 42;
    expect(errorOf(() => assertMatchesStripeSchema('payment_intent', intent))).toContain('/latest_charge: ');
  });

  it('timestamps (format unix-time) must be whole seconds', () => {
    const customer = sample('customer');
    customer.created = 1_700_000_000.5;
    expect(errorOf(() => assertMatchesStripeSchema('customer', customer))).toContain('/created: ');
  });

  it('fields the 2023-08-16 API does not have pass (the spec does not forbid extra fields)', () => {
    expect(() => assertMatchesStripeSchema('refund', { ...sample('refund'), emulator_extra: 1 })).not.toThrow();
  });
});

describe('list responses', () => {
  const LISTS = STRIPE_LIST_PATHS.map((path) => ({ path, type: vendored.lists[path]!.properties.data.items.$ref.split('/').pop()! }));

  it('covers the list endpoints the emulator serves', () => {
    expect([...STRIPE_LIST_PATHS].sort()).toEqual([
      '/v1/accounts', '/v1/application_fees', '/v1/application_fees/{id}/refunds', '/v1/balance_transactions', '/v1/charges',
      '/v1/checkout/sessions', '/v1/customers', '/v1/disputes', '/v1/events', '/v1/payment_intents', '/v1/payouts', '/v1/refunds', '/v1/setup_intents', '/v1/transfers',
      '/v1/transfers/{id}/reversals',
    ]);
  });

  it.each(LISTS)('$path: a list of $type samples passes, a broken item fails', ({ path, type }) => {
    const url = path.replace('{id}', 'x_123');
    const list = { object: 'list', data: [sample(type), sample(type)], has_more: false, url };
    expect(() => assertMatchesStripeListResponse(path, list)).not.toThrow();
    expect(() => assertMatchesStripeListResponse(url, list)).not.toThrow();
    expect(() => assertMatchesStripeListResponse(`${url}?limit=2`, { ...list, data: [] })).not.toThrow();

    const broken = structuredClone(list);
    delete (broken.data[1] as Sample).object;
    const message = errorOf(() => assertMatchesStripeListResponse(url, broken));
    expect(message).toContain(`list ${path} does not match`);
    expect(message).toContain('/data/1/object');
    const id = broken.data[1]!.id;
    if (typeof id === 'string') expect(message).toContain(`(in ${id})`);
  });

  it('the envelope is checked', () => {
    const message = errorOf(() => assertMatchesStripeListResponse('/v1/charges', { object: 'lists', data: {}, url: '/v1/refunds' }));
    expect(message).toContain('/has_more: required field is missing');
    expect(message).toContain('/object: must be one of "list"');
    expect(message).toContain('/data: must be of type array');
    expect(message).toContain('/url: must match pattern "^/v1/charges"');
  });

  it('unknown list paths are refused', () => {
    expect(() => assertMatchesStripeListResponse('/v1/plugins', {})).toThrow(/No vendored Stripe list schema for \/v1\/plugins/);
    expect(() => assertMatchesStripeListResponse('/v1/charges/ch_1/refunds', {})).toThrow(/No vendored Stripe list schema/);
  });
});
