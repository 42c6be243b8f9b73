/**
 * Security findings from one JavaScript/TypeScript file, by walking its oxc-parser AST:
 * eval and string timers, the Function constructor, child_process, computed require/import,
 * and network calls to literal IP addresses. Rules and severities are in `rules.ts`.
 *
 * This is a reading aid for a moderator, not a sandbox: it sees what the code says literally
 * (plus string constants declared in the same file), so findings are signals to review.
 */
import { parseSync, Visitor, type Argument, type CallExpression, type NewExpression, type ParserOptions, type Program } from 'oxc-parser';
import { calleeName, isEval, isNamed, isRequire, isStringExpression, staticString, unwrap } from './ast-reading.ts';
import { FindingCollector } from './finding-collector.ts';
import { ipRange, literalIpOf, SEVERITY_BY_RANGE } from './literal-ip.ts';
import { sourceLanguage } from './package-files.ts';
import type { SourceLines } from './source-lines.ts';
import type { QualityFinding } from './types.ts';

const CHILD_PROCESS = new Set(['child_process', 'node:child_process']);
/** Functions and methods that open connections or send requests to a URL argument. */
const NETWORK_CALLS = new Set(['fetch', 'request', 'get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'connect', 'createConnection', 'open', 'send', 'axios', 'got', 'needle', 'superagent', 'ky', 'WebSocket', 'EventSource', 'Socket', 'ajax', 'getJSON']);
/** Of those, the ones that take a bare host argument: `net.connect(443, '1.2.3.4')`, dgram's `send`. */
const HOST_ARGUMENT_CALLS = new Set(['connect', 'createConnection', 'send', 'Socket']);
const HOST_PROPERTIES = new Set(['host', 'hostname', 'address']);
const URL_PROPERTIES = new Set(['url', 'baseURL', 'baseUrl', 'uri', 'href', 'origin', 'endpoint']);

export interface CodeFindingsResult {
  findings: QualityFinding[];
  /** The parser's first error when the file could not be parsed cleanly. */
  parseError: string | null;
}

/**
 * Text without which no rule here can fire: the names the rules look for, an IPv4/IPv6-looking
 * literal, or an escape sequence (a `\x31\x2e…` URL is only an IP once parsed). `require(`
 * counts only when something other than a plain string literal follows it.
 */
const MAY_HAVE_FINDINGS = /\beval\b|\bFunction\b|\bset(Timeout|Interval)\b|child_process|\bimport\s*\(|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|::|\[[\da-fA-F]*:[\da-fA-F:.]*\]|\\[xu]/;
const REQUIRE_CALL = /\brequire\s*\(/g;
const STATIC_REQUIRE_ARGUMENT = /^\s*(['"])[^'"\\\n]*\1\s*\)/;

/** Whether the file needs parsing at all; most files of a big package do not (parsing is the cost). */
export function mayHaveCodeRisks(text: string): boolean {
  if (MAY_HAVE_FINDINGS.test(text)) return true;
  for (const call of text.matchAll(REQUIRE_CALL)) {
    if (!STATIC_REQUIRE_ARGUMENT.test(text.slice(call.index + call[0].length, call.index + call[0].length + 300))) return true;
  }
  return false;
}

/** Parses `lines.text` as the file at `path` (package-relative) and returns its findings. */
export function findCodeRisks(path: string, lines: SourceLines): CodeFindingsResult {
  if (!mayHaveCodeRisks(lines.text)) return { findings: [], parseError: null };
  const { program, parseError } = parseLeniently(path, lines.text);
  const collector = new FindingCollector(path, lines);
  const constants = new Map<string, string>();
  const networkCalls: (CallExpression | NewExpression)[] = [];

  new Visitor({
    VariableDeclarator(node) {
      if (node.id.type !== 'Identifier' || !node.init) return;
      const value = staticString(node.init, constants);
      if (value !== null) constants.set(node.id.name, value);
    },
    CallExpression(node) {
      checkCall(node, collector, constants);
      networkCalls.push(node);
    },
    NewExpression(node) {
      if (isNamed(unwrap(node.callee), 'Function') && node.arguments.length > 0) reportCodeFromString('security/new-function', 'new Function(…)', node, collector, constants);
      networkCalls.push(node);
    },
    ImportDeclaration(node) {
      if (CHILD_PROCESS.has(node.source.value)) collector.report('security/child-process', node, `imports ${node.source.value}.`);
    },
    ExportNamedDeclaration(node) {
      if (node.source && CHILD_PROCESS.has(node.source.value)) collector.report('security/child-process', node, `re-exports ${node.source.value}.`);
    },
    ExportAllDeclaration(node) {
      if (CHILD_PROCESS.has(node.source.value)) collector.report('security/child-process', node, `re-exports ${node.source.value}.`);
    },
    ImportExpression(node) {
      const specifier = staticString(node.source, constants);
      if (specifier === null) collector.report('security/dynamic-require', node, 'import() with a computed module name.');
      else if (CHILD_PROCESS.has(specifier)) collector.report('security/child-process', node, `imports ${specifier} dynamically.`);
    },
  }).visit(program);

  // After the walk, so that constants declared below their use are known too.
  for (const call of networkCalls) checkNetworkCall(call, collector, constants);
  return { findings: collector.findings(), parseError };
}

function parseLeniently(path: string, text: string): { program: Program; parseError: string | null } {
  const lang = sourceLanguage(path);
  const sourceType: ParserOptions['sourceType'] = /\.c[jt]s$/i.test(path) ? 'commonjs' : /\.m[jt]s$/i.test(path) ? 'module' : 'unambiguous';
  const attempts: ParserOptions[] = [{ lang, sourceType }];
  // Plenty of published .js holds JSX, and CommonJS files may `return` at top level.
  if (lang === 'js') attempts.push({ lang: 'jsx', sourceType }, { lang: 'js', sourceType: 'commonjs' });
  let first: ReturnType<typeof parseSync> | null = null;
  for (const options of attempts) {
    const result = parseSync(path, text, { ...options, preserveParens: false });
    if (result.errors.length === 0) return { program: result.program, parseError: null };
    first ??= result;
  }
  return { program: first!.program, parseError: first!.errors[0]?.message ?? 'unknown parse error' };
}

function checkCall(node: CallExpression, collector: FindingCollector, constants: Map<string, string>): void {
  const callee = unwrap(node.callee);
  const firstArgument = node.arguments[0];
  if (isEval(callee) && firstArgument) {
    reportCodeFromString('security/eval', 'eval(…)', node, collector, constants);
    return;
  }
  if (isNamed(callee, 'Function') && firstArgument) {
    reportCodeFromString('security/new-function', 'Function(…)', node, collector, constants);
    return;
  }
  if ((isNamed(callee, 'setTimeout') || isNamed(callee, 'setInterval')) && firstArgument && isStringExpression(firstArgument)) {
    collector.report('security/string-timer', node, `${calleeName(callee)} is given a string, which is evaluated as code.`);
    return;
  }
  if (isRequire(callee)) {
    if (!firstArgument) return;
    const specifier = staticString(firstArgument, constants);
    if (specifier === null) collector.report('security/dynamic-require', node, 'require() with a computed module name.');
    else if (CHILD_PROCESS.has(specifier)) collector.report('security/child-process', node, `requires ${specifier}.`);
  }
}

/**
 * eval/Function on constant strings (`Function('return this')()`, the old global-object idiom)
 * runs code the reviewer can read in the snippet: LOW. Computed strings keep the rule's HIGH.
 */
function reportCodeFromString(ruleId: 'security/eval' | 'security/new-function', what: string, node: CallExpression | NewExpression, collector: FindingCollector, constants: Map<string, string>): void {
  const isConstant = node.arguments.every((argument) => staticString(argument, constants) !== null);
  if (isConstant) collector.report(ruleId, node, `${what} runs a constant string as code; read it in the snippet.`, 'LOW');
  else collector.report(ruleId, node, `${what} runs a computed string as code; whatever builds the string decides what runs.`);
}

function checkNetworkCall(node: CallExpression | NewExpression, collector: FindingCollector, constants: Map<string, string>): void {
  const name = calleeName(unwrap(node.callee));
  if (!name || !NETWORK_CALLS.has(name)) return;
  for (const argument of node.arguments) {
    const ip = ipInArgument(argument, HOST_ARGUMENT_CALLS.has(name), constants);
    if (!ip) continue;
    const range = ipRange(ip);
    collector.report('security/literal-ip', node, `${name}(…) targets the literal IP address ${ip} (${range}).`, SEVERITY_BY_RANGE[range]);
    return;
  }
}

function ipInArgument(argument: Argument, acceptsBareHost: boolean, constants: Map<string, string>): string | null {
  if (argument.type === 'ObjectExpression') {
    for (const property of argument.properties) {
      if (property.type !== 'Property' || property.computed) continue;
      const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : null;
      if (!key) continue;
      const value = staticString(property.value, constants);
      if (value === null) continue;
      if (HOST_PROPERTIES.has(key) && literalIpOf(value)) return literalIpOf(value);
      if (URL_PROPERTIES.has(key) && isUrlLike(value)) return literalIpOf(value);
    }
    return null;
  }
  const value = staticString(argument, constants, { allowPrefix: true });
  if (value === null) return null;
  if (isUrlLike(value) || acceptsBareHost) return literalIpOf(value);
  return null;
}

const isUrlLike = (value: string) => /^([a-z][a-z0-9+.-]*:)?\/\//i.test(value.trim());
