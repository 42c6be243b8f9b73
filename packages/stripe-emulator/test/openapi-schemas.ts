/**
 * Checks objects and list responses against Stripe's published OpenAPI description (the excerpt
 * vendored in ../openapi/stripe-schemas.json by scripts/vendor-openapi.ts; API version in
 * STRIPE_API_VERSION).
 *
 * The spec is OpenAPI 3.0, translated here for ajv (JSON Schema draft-07 dialect):
 * - `nullable: true` → the type union with `null` (and `null` added to an `enum`), or
 *   `anyOf: [..., { type: 'null' }]` when the schema has no `type` (a nullable `$ref` or
 *   expandable field);
 * - expandable fields are `anyOf: [id string, expanded object(s)]` as published, so both pass;
 * - `format: unix-time` (integer seconds) and `format: decimal` (decimal string) are Stripe's
 *   own formats, added here; the standard ones come from ajv-formats.
 * Descriptions and `x-…` vendor extensions were dropped when vendoring, so ajv runs in strict
 * mode (an unknown keyword after a refresh fails loudly instead of being ignored).
 *
 * Stripe's response schemas list every field as required and do not forbid extra fields: a
 * missing field, a wrong type, a value outside an enum, an over-long string fail; a field the
 * 2023-08-16 API does not have passes.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type JsonSchema = { [keyword: string]: unknown };

interface VendoredSpec {
  apiVersion: string;
  objectTypes: string[];
  lists: Record<string, JsonSchema>;
  schemas: Record<string, JsonSchema>;
}

const SPEC_ID = 'https://stripe-emulator.invalid/openapi/stripe-schemas.json';
const COMPONENT_REF = '#/components/schemas/';
const MAX_LISTED_ERRORS = 20;

const spec = JSON.parse(readFileSync(new URL('../openapi/stripe-schemas.json', import.meta.url), 'utf8')) as VendoredSpec;

/** Stripe API version of the vendored spec (`info.version`). */
export const STRIPE_API_VERSION: string = spec.apiVersion;
/** Object types `assertMatchesStripeSchema` knows, by Stripe's `object` value. */
export const STRIPE_OBJECT_TYPES: readonly string[] = spec.objectTypes;
/** List endpoints `assertMatchesStripeListResponse` knows, as the spec writes them (`/v1/transfers/{id}/reversals`). */
export const STRIPE_LIST_PATHS: readonly string[] = Object.keys(spec.lists);

let ajv: Ajv | undefined;
const objectValidators = new Map<string, ValidateFunction>();
const listValidators = new Map<string, ValidateFunction>();

/**
 * Asserts that `value` is a valid Stripe `objectType` object (e.g. 'charge', 'payment_intent',
 * 'login_link') of the vendored API version.
 * @throws Error listing each mismatch (path in the object, message, value found, id of the
 *   enclosing object); also for an object type that is not vendored.
 */
export function assertMatchesStripeSchema(objectType: string, value: unknown): void {
  let validate = objectValidators.get(objectType);
  if (!validate) {
    if (!STRIPE_OBJECT_TYPES.includes(objectType)) {
      throw new Error(`No vendored Stripe schema for object type '${objectType}' (have: ${STRIPE_OBJECT_TYPES.join(', ')})`);
    }
    validate = validator().compile({ $ref: `${SPEC_ID}#/$defs/${objectType}` });
    objectValidators.set(objectType, validate);
  }
  if (!validate(value)) throw new Error(describeFailure(`${objectType} ${idOf(value) ?? '(no id)'}`, value, validate.errors ?? []));
}

/**
 * Asserts that `value` matches the vendored component schema `name` of an object type that is
 * vendored only because another one refers to it (e.g. `file`, reached from `dispute_evidence`),
 * so it has no entry in STRIPE_OBJECT_TYPES and no sample in fixtures.json.
 * @throws Error listing each mismatch (as assertMatchesStripeSchema); also when no such schema is vendored.
 */
export function assertMatchesStripeComponent(name: string, value: unknown): void {
  if (!(name in spec.schemas)) throw new Error(`No vendored Stripe component schema '${name}'`);
  let validate = objectValidators.get(`component:${name}`);
  if (!validate) {
    validate = validator().compile({ $ref: `${SPEC_ID}#/$defs/${name}` });
    objectValidators.set(`component:${name}`, validate);
  }
  if (!validate(value)) throw new Error(describeFailure(`${name} ${idOf(value) ?? '(no id)'}`, value, validate.errors ?? []));
}

/**
 * Asserts that `value` is a valid answer of the list endpoint `path`: the spec's path
 * (`/v1/transfers/{id}/reversals`) or a concrete one (`/v1/transfers/tr_123/reversals`, a query
 * string or origin is ignored). Every item of `data` is checked against its object schema.
 * @throws Error listing each mismatch (as assertMatchesStripeSchema); also for a path that is not vendored.
 */
export function assertMatchesStripeListResponse(path: string, value: unknown): void {
  const specPath = listPathFor(path);
  let validate = listValidators.get(specPath);
  if (!validate) {
    validate = validator().compile(translate(spec.lists[specPath]!));
    listValidators.set(specPath, validate);
  }
  if (!validate(value)) throw new Error(describeFailure(`list ${specPath}`, value, validate.errors ?? []));
}

function listPathFor(path: string): string {
  const pathname = new URL(path, 'http://localhost').pathname;
  if (pathname in spec.lists) return pathname;
  for (const specPath of STRIPE_LIST_PATHS) {
    const pattern = new RegExp(`^${specPath.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')}$`);
    if (pattern.test(pathname)) return specPath;
  }
  throw new Error(`No vendored Stripe list schema for ${path} (have: ${STRIPE_LIST_PATHS.join(', ')})`);
}

/** The shared ajv instance, holding every vendored component schema under `${SPEC_ID}#/$defs/<name>`. */
function validator(): Ajv {
  if (ajv) return ajv;
  const instance = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, allowUnionTypes: true });
  addFormats(instance);
  instance.addFormat('unix-time', { type: 'number', validate: (seconds: number) => Number.isInteger(seconds) });
  instance.addFormat('decimal', { type: 'string', validate: /^-?\d+(\.\d+)?$/ });
  const $defs = Object.fromEntries(Object.entries(spec.schemas).map(([name, schema]) => [name, translate(schema)]));
  instance.addSchema({ $id: SPEC_ID, $defs });
  ajv = instance;
  return instance;
}

/** The OpenAPI 3.0 schema object `schema` as JSON Schema (see the module comment). */
function translate(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'nullable') continue;
    if (keyword === '$ref') {
      const ref = String(value);
      if (!ref.startsWith(COMPONENT_REF)) throw new Error(`Unsupported $ref ${ref}`);
      out.$ref = `${SPEC_ID}#/$defs/${ref.slice(COMPONENT_REF.length)}`;
    } else if (keyword === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([name, sub]) => [name, translate(sub)]));
    } else if (keyword === 'anyOf' || keyword === 'oneOf' || keyword === 'allOf') {
      out[keyword] = (value as JsonSchema[]).map(translate);
    } else if ((keyword === 'items' || keyword === 'additionalProperties' || keyword === 'not') && typeof value === 'object' && value !== null) {
      out[keyword] = translate(value as JsonSchema);
    } else {
      out[keyword] = value;
    }
  }
  if (schema.nullable !== true) return out;
  if (out.type !== undefined) {
    const types = Array.isArray(out.type) ? (out.type as string[]) : [out.type as string];
    if (!types.includes('null')) out.type = [...types, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  const keywords = Object.keys(out);
  if (keywords.length === 1 && Array.isArray(out.anyOf)) return { anyOf: [...out.anyOf, { type: 'null' }] };
  return { anyOf: [out, { type: 'null' }] };
}

function describeFailure(subject: string, value: unknown, errors: readonly ErrorObject[]): string {
  const rootId = idOf(value);
  const lines = relevantErrors(errors).map((error) => {
    const field = fieldPath(error);
    const enclosingId = enclosingIdOf(value, field);
    const where = `${field || '(root)'}${enclosingId && enclosingId !== rootId ? ` (in ${enclosingId})` : ''}`;
    return `  ${where}: ${messageOf(error)}`;
  });
  const shown = lines.slice(0, MAX_LISTED_ERRORS);
  if (lines.length > shown.length) shown.push(`  … and ${lines.length - shown.length} more`);
  return `${subject} does not match Stripe's OpenAPI schema (API version ${STRIPE_API_VERSION}):\n${shown.join('\n')}`;
}

/**
 * ajv's errors without the noise of alternatives: when a value fails an `anyOf` (id string or
 * expanded object, or null) and errors were found inside it, the errors about the value's own
 * type ("must be string", "must be null") and the `anyOf` summary are dropped, keeping the
 * ones that say what is wrong inside.
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const unique = errors.filter((error) => {
    const key = `${fieldPath(error)}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const dropped = new Set<ErrorObject>();
  for (const anyOf of unique.filter((error) => error.keyword === 'anyOf')) {
    const at = fieldPath(anyOf);
    if (!unique.some((error) => fieldPath(error).startsWith(`${at}/`))) continue;
    dropped.add(anyOf);
    for (const error of unique) if (error.keyword === 'type' && fieldPath(error) === at) dropped.add(error);
  }
  return unique.filter((error) => !dropped.has(error));
}

/** JSON pointer of the offending field: for a missing required field, the field itself. */
function fieldPath(error: ErrorObject): string {
  if (error.keyword === 'required') return `${error.instancePath}/${escapePointer(String(error.params.missingProperty))}`;
  return error.instancePath;
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'required field is missing';
  const found = ` (found ${preview(error.data)})`;
  if (error.keyword === 'enum') {
    const allowed = error.params.allowedValues as unknown[];
    const listed = allowed.slice(0, 12).map((item) => JSON.stringify(item)).join(', ');
    return `must be one of ${listed}${allowed.length > 12 ? `, … (${allowed.length} values)` : ''}${found}`;
  }
  if (error.keyword === 'type') return `must be of type ${[error.params.type].flat().join(' or ')}${found}`;
  return `${error.message ?? error.keyword}${found}`;
}

function preview(data: unknown): string {
  if (data === undefined) return 'undefined';
  const text = JSON.stringify(data) ?? String(data);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `id` of the innermost object on the way to `pointer` in `root`. */
function enclosingIdOf(root: unknown, pointer: string): string | undefined {
  let current = root;
  let id = idOf(root);
  for (const segment of pointer.split('/').slice(1).map(unescapePointer)) {
    if (current === null || typeof current !== 'object') break;
    current = (current as Record<string, unknown>)[segment];
    id = idOf(current) ?? id;
  }
  return id;
}

function idOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
