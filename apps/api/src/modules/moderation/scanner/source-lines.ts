/**
 * Offsets to 1-based line and column, and the code line as a short snippet. Offsets and
 * columns are UTF-16 code units, as oxc-parser's spans are in its JS API.
 */
const MAX_SNIPPET = 200;

export class SourceLines {
  readonly #starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.#starts.push(i + 1);
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  /** `{ line, column }`, both 1-based, for a 0-based offset. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.#starts[low]! + 1 };
  }

  /** The whole text of a 1-based line, without its line break. */
  line(line: number): string {
    const start = this.#starts[line - 1] ?? this.text.length;
    const next = this.#starts[line];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }

  /**
   * The line, trimmed; a long (minified) line is cut to a window of about 200 characters
   * around the 1-based `column`, with `…` where it was cut.
   */
  snippet(line: number, column = 1): string {
    return cutAround(this.line(line), column - 1);
  }
}

function cutAround(text: string, index: number): string {
  const leading = text.length - text.trimStart().length;
  const trimmed = text.trim();
  if (trimmed.length <= MAX_SNIPPET) return trimmed;
  const at = Math.max(0, index - leading);
  const start = Math.max(0, Math.min(at - 60, trimmed.length - MAX_SNIPPET));
  const end = start + MAX_SNIPPET;
  return `${start > 0 ? '…' : ''}${trimmed.slice(start, end)}${end < trimmed.length ? '…' : ''}`;
}
