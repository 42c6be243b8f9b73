/**
 * What PostgreSQL cannot store in a package.json, found before it is stored: a NUL character
 * (text and jsonb refuse U+0000) or a lone UTF-16 surrogate (jsonb refuses `\ud800` alone), and
 * nesting too deep for the recursive JSON.stringify, Prisma and PostgreSQL to follow (measured
 * by the shared `measureJsonDepth`). Detection is the shared text rule's (`isStorableText`);
 * this file walks parsed JSON and names the path for the upload's message.
 */

import { isStorableText } from '@marketdesk/shared';

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

/** The shared rule's storable test (packages/shared text.ts), said for a package.json path. */
function describeProblem(text: string): string | null {
  if (isStorableText(text)) return null;
  return text.includes('\u0000') ? 'a NUL character' : 'a lone surrogate (half of a UTF-16 pair)';
}

/** `scripts.build`, or `exports["./x"]` for keys that are not identifiers; at most 200 characters. */
function joinPath(path: string, key: string): string {
  const joined = /^[A-Za-z_$][\w$-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
  return joined.length > 200 ? `${joined.slice(0, 200)}…` : joined;
}
