/**
 * Decodes the bodies and query strings the Stripe SDK sends: `application/x-www-form-urlencoded`
 * with bracketed keys. `transfer_data[destination]=acct_1` becomes `{ transfer_data: { destination: 'acct_1' } }`;
 * `expand[0]=a&expand[1]=b` (the SDK's indexed form) and `expand[]=a&expand[]=b` (curl's) both become
 * `{ expand: ['a', 'b'] }`. Values stay strings, as they are on the wire; the parameter readers convert them.
 */

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/** Parses `a=1&b[c]=2` into a nested object. @throws Error on a key whose brackets do not balance. */
export function decodeForm(text: string): FormObject {
  const root: FormObject = {};
  if (!text) return root;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const separator = pair.indexOf('=');
    const rawKey = separator === -1 ? pair : pair.slice(0, separator);
    const rawValue = separator === -1 ? '' : pair.slice(separator + 1);
    const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    const value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    assign(root, splitKey(key), value);
  }
  return arraysFromIndexes(root, []) as FormObject;
}

function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) throw new Error(`Invalid parameter name: ${key}`);
  const segments = [match[1]!];
  for (const part of (match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)) segments.push(part[1]!);
  return segments;
}

// Objects are built first, with "" for `[]` appends; arraysFromIndexes turns them into arrays.
function assign(target: FormObject, segments: string[], value: string): void {
  let node: FormObject = target;
  for (let i = 0; i < segments.length; i++) {
    let segment = segments[i]!;
    const isLast = i === segments.length - 1;
    if (segment === '') segment = String(Object.keys(node).length);
    if (isLast) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[segment] = {};
    node = node[segment] as FormObject;
  }
}

// `metadata` keys are the caller's own, so `metadata[0]` stays a key and never becomes an index.
function arraysFromIndexes(value: FormValue, path: string[]): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const isMetadata = path[path.length - 1] === 'metadata';
  const converted: FormObject = {};
  for (const key of keys) converted[key] = arraysFromIndexes(value[key]!, [...path, key]);
  const isIndexed = !isMetadata && keys.length > 0 && keys.every((key) => /^\d+$/.test(key));
  if (!isIndexed) return converted;
  return keys.sort((a, b) => Number(a) - Number(b)).map((key) => converted[key]!);
}
