import { createReadStream } from 'node:fs';

/** The file is not one JSON array: where it goes wrong, as a character offset. */
export class MalformedJsonArrayError extends Error {
  readonly code = 'malformed-json';
  constructor(readonly offset: number, reason: string) {
    super(`${reason} at character ${offset}`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

function isWhiteSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * The texts of the values of a file holding one JSON array, in order, read as a stream:
 * an import file may be longer than the longest string V8 makes (about 512 MB), which a
 * whole-file `JSON.parse` cannot read. Only the array's structure is followed here
 * (strings, escapes and nesting, to find where each value ends); each value's text is
 * for `JSON.parse`, which judges it, so a bad value is that value's problem alone. A file
 * that is not one array (text before or after it, a missing comma or bracket, an empty
 * value) throws MalformedJsonArrayError.
 */
export async function* jsonArrayValues(file: string, chunkBytes = 64 * 1024): AsyncGenerator<string> {
  const scanner = new ArrayScanner();
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: chunkBytes })) {
    yield* scanner.scan(chunk as string);
  }
  scanner.end();
}

/** Follows the array across chunks: which values it has ended, and the one it is inside. */
class ArrayScanner {
  private offset = 0;
  private state: 'before' | 'between' | 'value' | 'after' = 'before';
  /** Nesting inside the current value (0: a bare value such as a number). */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The current value's text from earlier chunks. */
  private pending = '';
  /** Whether a value is due (after `[` or `,`) rather than `]`. */
  private expectingValue = true;
  private valueCount = 0;

  *scan(chunk: string): Generator<string> {
    let start = this.state === 'value' ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      const at = this.offset + i;
      if (this.state === 'value') {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (code === BACKSLASH) this.escaped = true;
          else if (code === QUOTE) this.inString = false;
          continue;
        }
        if (code === QUOTE) this.inString = true;
        else if (code === OPEN_OBJECT || code === OPEN_ARRAY) this.depth += 1;
        else if (code === CLOSE_OBJECT || (code === CLOSE_ARRAY && this.depth > 0)) this.depth -= 1;
        else if (this.depth === 0 && (code === COMMA || code === CLOSE_ARRAY)) {
          yield this.take(chunk.slice(start, i), at);
          this.state = code === COMMA ? 'between' : 'after';
          this.expectingValue = code === COMMA;
        }
        continue;
      }
      if (isWhiteSpace(code)) continue;
      if (this.state === 'before') {
        if (code !== OPEN_ARRAY) throw new MalformedJsonArrayError(at, 'expected a JSON array of developments');
        this.state = 'between';
      } else if (this.state === 'after') {
        throw new MalformedJsonArrayError(at, 'unexpected text after the array');
      } else if (code === CLOSE_ARRAY) {
        if (this.expectingValue && this.valueCount > 0) throw new MalformedJsonArrayError(at, 'a value is missing before "]"');
        this.state = 'after';
      } else if (code === COMMA) {
        throw new MalformedJsonArrayError(at, 'a value is missing before ","');
      } else {
        if (!this.expectingValue) throw new MalformedJsonArrayError(at, 'expected "," or "]"');
        this.state = 'value';
        start = i;
        this.depth = code === OPEN_OBJECT || code === OPEN_ARRAY ? 1 : 0;
        this.inString = code === QUOTE;
        this.escaped = false;
      }
    }
    if (this.state === 'value') this.pending += chunk.slice(start);
    this.offset += chunk.length;
  }

  end(): void {
    if (this.state === 'before') return; // an empty file: no developments
    if (this.state !== 'after') throw new MalformedJsonArrayError(this.offset, 'the array is not closed');
  }

  private take(tail: string, at: number): string {
    const text = (this.pending + tail).trimEnd();
    this.pending = '';
    this.valueCount += 1;
    if (text === '') throw new MalformedJsonArrayError(at, 'a value is missing');
    return text;
  }
}
