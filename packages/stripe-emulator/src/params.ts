/**
 * Typed reads of decoded request parameters, refusing bad input with Stripe's own error codes:
 * `parameter_unknown`, `parameter_missing`, `parameter_invalid_integer`, `parameter_invalid_empty`.
 * An empty string means "unset" (Stripe's convention), so optional strings read as `null` then.
 */
import { amountStepFor, checkStripeAmount, type StripeAmountUse } from '@marketdesk/shared';
import { invalidRequest, parameterMissing } from './errors.ts';
import type { FormObject, FormValue } from './http/form.ts';

const METADATA_MAX_KEYS = 50;
const METADATA_MAX_KEY_LENGTH = 40;
const METADATA_MAX_VALUE_LENGTH = 500;

export class Params {
  private readonly values: FormObject;
  private readonly prefix: string;

  /** @throws StripeApiError `parameter_unknown` naming the first parameter not in `allowed`. */
  constructor(values: FormObject, allowed: readonly string[], prefix = '') {
    this.values = values;
    this.prefix = prefix;
    for (const key of Object.keys(values)) {
      if (!allowed.includes(key)) {
        const name = this.nameOf(key);
        throw invalidRequest(`Received unknown parameter: ${name}`, { code: 'parameter_unknown', param: name });
      }
    }
  }

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  /** The undecoded value, for fingerprints and pass-through. */
  raw(name: string): FormValue | undefined {
    return this.values[name];
  }

  /** A string; `null` when sent empty, `undefined` when absent. */
  string(name: string): string | null | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${this.nameOf(name)}`, { param: this.nameOf(name) });
    return value === '' ? null : value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw parameterMissing(this.nameOf(name));
    if (value === null) throw this.emptyError(name);
    return value;
  }

  /**
   * An integer (amounts are integer minor units). "12.5", "1e3" or "ten" are refused with
   * `parameter_invalid_integer`, as Stripe does.
   */
  integer(name: string, options: { min?: number; max?: number } = {}): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value === null) throw this.emptyError(name);
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw invalidRequest(`Invalid integer: ${value}`, { code: 'parameter_invalid_integer', param: this.nameOf(name) });
    }
    const number = Number(value);
    if (options.min !== undefined && number < options.min) {
      throw invalidRequest(`This value must be greater than or equal to ${options.min}.`, { code: 'parameter_invalid_integer', param: this.nameOf(name) });
    }
    if (options.max !== undefined && number > options.max) {
      throw invalidRequest(`This value must be less than or equal to ${options.max}.`, { code: 'parameter_invalid_integer', param: this.nameOf(name) });
    }
    return number;
  }

  requiredInteger(name: string, options: { min?: number; max?: number } = {}): number {
    const value = this.integer(name, options);
    if (value === undefined) throw parameterMissing(this.nameOf(name));
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined || value === null) return undefined;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw invalidRequest(`Invalid boolean: ${value}`, { param: this.nameOf(name) });
  }

  /** One of `allowed`; anything else is refused naming the accepted values. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | null | undefined {
    const value = this.string(name);
    if (value === undefined || value === null) return value;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidRequest(`Invalid ${this.nameOf(name)}: must be one of ${allowed.join(', ')}`, { param: this.nameOf(name) });
    }
    return value as T;
  }

  /** A lowercase three-letter ISO 4217 code. */
  currency(name = 'currency'): string | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value === null) throw this.emptyError(name);
    const code = value.toLowerCase();
    if (!/^[a-z]{3}$/.test(code)) {
      throw invalidRequest(`Invalid currency: ${value}. Use a three-letter ISO 4217 code such as usd.`, { param: this.nameOf(name) });
    }
    return code;
  }

  requiredCurrency(name = 'currency'): string {
    const value = this.currency(name);
    if (value === undefined) throw parameterMissing(this.nameOf(name));
    return value;
  }

  /**
   * A metadata patch: key → value, where "" deletes the key; `null` when `metadata=""` clears it all.
   * Limits are Stripe's: 50 keys, keys up to 40 characters, values up to 500.
   */
  metadata(name = 'metadata'): Record<string, string> | null | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (value === '') return null;
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('Invalid hash', { param: this.nameOf(name) });
    const patch: Record<string, string> = {};
    for (const [key, entry] of Object.entries(value)) {
      if (typeof entry !== 'string') throw invalidRequest('Invalid metadata value: must be a string', { param: `${this.nameOf(name)}[${key}]` });
      if (key.length > METADATA_MAX_KEY_LENGTH) throw invalidRequest(`Metadata keys can have up to ${METADATA_MAX_KEY_LENGTH} characters.`, { param: `${this.nameOf(name)}[${key}]` });
      if (entry.length > METADATA_MAX_VALUE_LENGTH) throw invalidRequest(`Metadata values can have up to ${METADATA_MAX_VALUE_LENGTH} characters.`, { param: `${this.nameOf(name)}[${key}]` });
      patch[key] = entry;
    }
    if (Object.keys(patch).length > METADATA_MAX_KEYS) throw invalidRequest(`You can specify up to ${METADATA_MAX_KEYS} metadata keys.`, { param: this.nameOf(name) });
    return patch;
  }

  /** The `expand` list (`expand[]=latest_charge` / `expand[0]=…`). */
  expand(): string[] {
    const value = this.values.expand;
    if (value === undefined || value === '') return [];
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return value as string[];
    throw invalidRequest('Invalid array', { param: 'expand' });
  }

  /** A nested hash read with its own allowed keys, or `undefined` when absent. */
  object(name: string, allowed: readonly string[]): Params | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('Invalid hash', { param: this.nameOf(name) });
    return new Params(value, allowed, this.nameOf(name));
  }

  /** A list of strings (`payment_method_types[]=card`). */
  stringList(name: string): string[] | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value === '' ? [] : [value];
    if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return value as string[];
    throw invalidRequest('Invalid array', { param: this.nameOf(name) });
  }

  /** Full bracketed name of a parameter, e.g. `transfer_data[destination]`. */
  nameOf(name: string): string {
    return this.prefix ? `${this.prefix}[${name}]` : name;
  }

  private emptyError(name: string) {
    const param = this.nameOf(name);
    return invalidRequest(
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
      { code: 'parameter_invalid_empty', param },
    );
  }
}

/** Applies a metadata patch from {@link Params.metadata} to the current metadata. */
export function applyMetadata(current: Record<string, string> | null | undefined, patch: Record<string, string> | null | undefined): Record<string, string> {
  if (patch === undefined) return { ...current };
  if (patch === null) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === '') delete next[key];
    else next[key] = value;
  }
  return next;
}

/**
 * Sets each field of `changes` on `object` (a field given as `undefined` is left alone) and
 * returns the previous values of the fields that really changed: an `*.updated` event's
 * `data.previous_attributes`. Empty when nothing changed, and then no event is due.
 */
export function applyChanges<T extends object>(object: T, changes: { [K in keyof T]?: T[K] }): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(changes) as Array<keyof T & string>) {
    const value = changes[key];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(object[key])) continue;
    previous[key] = object[key] ?? null;
    object[key] = value as T[keyof T & string];
  }
  return previous;
}

/**
 * Refuses an `amount` (minor units) of `currency` that Stripe does not accept for `use`: the
 * shared rule checkStripeAmount (packages/shared/src/money/stripe-amounts.ts: three-decimal
 * currencies end in 0; ISK and UGX are whole units; HUF and TWD payouts are whole units).
 * ISK and UGX answer with the code and message Stripe documents
 * (support.stripe.com/questions/deprecation-of-fractional-isk-charges-and-refunds); Stripe
 * publishes no wording for the other cases, so they carry the shared rule's message and no code.
 * @throws StripeApiError 400 `invalid_request_error` with `param`.
 */
export function assertStripeAmountStep(amount: number, currency: string, use: StripeAmountUse, param: string): void {
  const message = checkStripeAmount(amount, currency, use);
  if (message === null) return;
  const isWholeUnitCurrency = amountStepFor(currency, 'charge') === 100;
  if (!isWholeUnitCurrency) throw invalidRequest(message, { param });
  throw invalidRequest(
    `Invalid amount. Currency ${currency.toUpperCase()} has become effectively zero-decimal and charged amounts must be evenly divisible by 100. See https://stripe.com/docs/currencies#special-cases for more information.`,
    { code: 'invalid_charge_amount_no_decimal_compatible', param },
  );
}
