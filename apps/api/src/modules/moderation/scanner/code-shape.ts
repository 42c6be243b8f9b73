/**
 * Whether a file is minified or obfuscated, from its text. Thresholds are chosen so that
 * ordinary bundles and Unicode tables (emoji-regex, punycode) are not called obfuscated:
 * obfuscators escape plain ASCII (`'\x68\x74\x74\x70'` for "http"), which no one writes by hand.
 */
const OBFUSCATOR_IDENTIFIER = /\b_0x[0-9a-f]{4,}\b/gi;
const ASCII_ESCAPE = /\\x([2-7][0-9a-f])|\\u00([2-7][0-9a-f])/gi;
const PACKER = /eval\(function\(p,\s*a,\s*c,\s*k,\s*e,\s*[rd]\)/;

export interface CodeShape {
  isMinified: boolean;
  /** Why the file looks obfuscated and where (0-based offset), or null. */
  obfuscation: { reason: string; offset: number } | null;
}

export function inspectCodeShape(path: string, text: string): CodeShape {
  return { isMinified: isMinified(path, text), obfuscation: findObfuscation(text) };
}

/** `.min.js`, or at least 2 KB whose lines average 200+ characters with one of 1,000+. */
function isMinified(path: string, text: string): boolean {
  if (/\.min\.[cm]?js$/i.test(path)) return true;
  if (text.length < 2_000) return false;
  let lines = 0;
  let longest = 0;
  let start = 0;
  for (let end = text.indexOf('\n'); ; end = text.indexOf('\n', start)) {
    const length = (end === -1 ? text.length : end) - start;
    if (length > 0) lines += 1;
    longest = Math.max(longest, length);
    if (end === -1) break;
    start = end + 1;
  }
  return longest >= 1_000 && text.length / Math.max(lines, 1) >= 200;
}

function findObfuscation(text: string): CodeShape['obfuscation'] {
  const packer = PACKER.exec(text);
  if (packer) return { reason: 'packed with an eval(function(p,a,c,k,e,d)) packer', offset: packer.index };

  const names = new Set<string>();
  let firstName = -1;
  for (const match of text.matchAll(OBFUSCATOR_IDENTIFIER)) {
    names.add(match[0].toLowerCase());
    if (firstName === -1) firstName = match.index;
  }
  if (names.size >= 5) return { reason: `${names.size} identifiers named like ${[...names][0]} (javascript-obfuscator's style)`, offset: firstName };

  let escapes = 0;
  let firstEscape = -1;
  for (const match of text.matchAll(ASCII_ESCAPE)) {
    escapes += 1;
    if (firstEscape === -1) firstEscape = match.index;
  }
  const escapedShare = (escapes * 4) / Math.max(text.length, 1);
  if (escapes >= 100 && escapedShare >= 0.1) {
    return { reason: `${Math.round(escapedShare * 100)}% of the file is plain ASCII written as \\x/\\u escapes`, offset: firstEscape };
  }
  return null;
}
