/**
 * Reading oxc-parser's ESTree nodes the way the security rules need: the string an expression
 * statically is, and what a call's callee names. Pure functions over AST nodes.
 */
import type { Argument, Expression, Node } from 'oxc-parser';

const GLOBAL_OBJECTS = new Set(['window', 'globalThis', 'global', 'self']);

/**
 * The string an expression statically is: a string literal, a template without expressions,
 * a const declared with one. With `allowPrefix`, the known leading part of a template or `+`
 * concatenation (`http://1.2.3.4:${port}` → `http://1.2.3.4:`), enough to read a URL's host.
 */
export function staticString(node: Argument | Expression, constants: Map<string, string>, options: { allowPrefix?: boolean } = {}): string | null {
  const expression = unwrap(node as Expression);
  switch (expression.type) {
    case 'Literal':
      return typeof expression.value === 'string' ? expression.value : null;
    case 'TemplateLiteral': {
      const head = expression.quasis[0]?.value.cooked ?? null;
      if (expression.expressions.length === 0) return head;
      return options.allowPrefix ? head : null;
    }
    case 'Identifier':
      return constants.get(expression.name) ?? null;
    case 'BinaryExpression': {
      if (expression.operator !== '+') return null;
      const left = staticString(expression.left, constants, options);
      const right = staticString(expression.right, constants, options);
      if (left !== null && right !== null) return left + right;
      return options.allowPrefix ? left : null;
    }
    default:
      return null;
  }
}

export function isStringExpression(node: Argument): boolean {
  const expression = unwrap(node as Expression);
  if (expression.type === 'Literal') return typeof expression.value === 'string';
  if (expression.type === 'TemplateLiteral') return true;
  if (expression.type === 'BinaryExpression' && expression.operator === '+') {
    return isStringExpression(expression.left) || isStringExpression(expression.right);
  }
  return false;
}

/** Strips parentheses, TypeScript assertions and optional chains around an expression. */
export function unwrap(node: Expression): Expression {
  let current: Node = node;
  for (;;) {
    switch (current.type) {
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ChainExpression':
        current = current.expression;
        break;
      default:
        return current as Expression;
    }
  }
}

/** `foo` for `foo(…)`, `bar` for `x.bar(…)` and `x['bar'](…)`. */
export function calleeName(callee: Expression): string | null {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type !== 'MemberExpression') return null;
  if (callee.property.type === 'Identifier') return callee.computed ? null : callee.property.name;
  if (callee.property.type === 'Literal' && typeof callee.property.value === 'string') return callee.property.value;
  return null;
}

/** `Name` or `globalThis.Name` (also window/global/self). */
export function isNamed(callee: Expression, name: string): boolean {
  if (callee.type === 'Identifier') return callee.name === name;
  if (callee.type !== 'MemberExpression' || calleeName(callee) !== name) return false;
  const object = unwrap(callee.object);
  return object.type === 'Identifier' && GLOBAL_OBJECTS.has(object.name);
}

/** `eval`, `globalThis.eval`, and the indirect `(0, eval)`. */
export function isEval(callee: Expression): boolean {
  if (callee.type === 'SequenceExpression') {
    const last = callee.expressions.at(-1);
    return !!last && isEval(unwrap(last));
  }
  return isNamed(callee, 'eval');
}

/** `require` and `module.require` (not `require.resolve`, which loads nothing). */
export function isRequire(callee: Expression): boolean {
  if (callee.type === 'Identifier') return callee.name === 'require';
  return callee.type === 'MemberExpression' && calleeName(callee) === 'require';
}
