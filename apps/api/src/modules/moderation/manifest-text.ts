/**
 * What PostgreSQL cannot store in a package.json, found before it is stored: a NUL character
 * (text and jsonb refuse U+0000) or a lone UTF-16 surrogate (jsonb refuses `\ud800` alone), and
 * nesting too deep for the recursive JSON.stringify, Prisma and PostgreSQL to follow. Local to
 * the upload until the shared text rule in `packages/shared` can take its place.
 */

// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The deepest nesting of arrays and objects in the JSON `text`, reading it once without
 * recursion (so 100k `[` cost nothing but a loop); stops counting once past `limit` and then
 * returns `limit + 1`. Brackets inside strings do not count. Malformed JSON is measured all the
 * same; JSON.parse judges it afterwards.
 */
export function measureJsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let isInString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (isInString) {
      if (char === 0x5c) i += 1; // a backslash escapes the next character, quotes included
      else if (char === 0x22) isInString = false;
    } else if (char === 0x22) {
      isInString = true;
    } else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return limit + 1;
    } else if (char === 0x5d || char === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}

/**
 * The first string or key of a parsed JSON `value` that PostgreSQL cannot store, described for
 * a message with its path (`description contains a NUL character`, `keywords[2] contains a
 * lone surrogate`, `dependencies has a key that contains a NUL character`); null when there is
 * none. Walks with its own stack, so any depth is safe; call it on parsed JSON only (no cycles).
 */
export function findUnstorableText(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = describeProblem(current);
      if (problem) return `${path || 'value'} contains ${problem}`;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) stack.push({ value: current[i], path: `${path}[${i}]` });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (const [key] of entries) {
        const problem = describeProblem(key);
        if (problem) return `${path || 'the top level'} has a key that contains ${problem}`;
      }
      for (let i = entries.length - 1; i >= 0; i -= 1) stack.push({ value: entries[i]![1], path: joinPath(path, entries[i]![0]) });
    }
  }
  return null;
}

function describeProblem(text: string): string | null {
  if (NUL.test(text)) return 'a NUL character';
  if (LONE_SURROGATE.test(text)) return 'a lone surrogate (half of a UTF-16 pair)';
  return null;
}

/** `scripts.build`, or `exports["./x"]` for keys that are not identifiers; at most 200 characters. */
function joinPath(path: string, key: string): string {
  const joined = /^[A-Za-z_$][\w$-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
  return joined.length > 200 ? `${joined.slice(0, 200)}…` : joined;
}
