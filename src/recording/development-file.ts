import { createReadStream } from 'node:fs';
import { parseDevelopment, type Development } from '../../events/catalogue.js';
import { fileLines } from './file-lines.js';
import { jsonArrayValues, MalformedJsonArrayError } from './json-array-values.js';

/** One development read from an import file, with where it stands in the file. */
export interface FileItem {
  readonly development: Development;
  /** 1-based position among the file's developments. */
  readonly item: number;
  /** 1-based line, for NDJSON. */
  readonly line?: number;
}

export interface FileProblem {
  readonly item: number;
  readonly line?: number;
  readonly pointer: string;
  readonly code: string;
  readonly message: string;
}

export class ImportRejectedError extends Error {
  readonly code = 'import-rejected';
  constructor(readonly file: string, readonly problems: FileProblem[]) {
    super(`${file}: ${problems.length} problem(s), nothing was written:\n${problems.slice(0, 50).map(formatProblem).join('\n')}${problems.length > 50 ? `\n… and ${problems.length - 50} more` : ''}`);
  }
}

export function formatProblem(p: FileProblem): string {
  return `  ${p.line !== undefined ? `line ${p.line}` : `item ${p.item}`}${p.pointer ? ` ${p.pointer}` : ''}: [${p.code}] ${p.message}`;
}

/** A file's developments and problems, taken item by item (a JSON array's values, or NDJSON lines). */
class DevelopmentItems {
  readonly items: FileItem[] = [];
  readonly problems: FileProblem[] = [];
  private item = 0;

  /** One NDJSON line's content (trimmed, not empty), at 1-based `line`. */
  line(content: string, line: number): void {
    this.item += 1;
    let raw: unknown;
    try {
      raw = JSON.parse(content);
    } catch (e) {
      this.problems.push({ item: this.item, line, pointer: '', code: 'malformed-json', message: (e as Error).message });
      return;
    }
    this.accept(raw, line);
  }

  /** One value of a JSON array. */
  value(raw: unknown): void {
    this.item += 1;
    this.accept(raw);
  }

  /** One value of a JSON array, as its text (see jsonArrayValues). */
  valueText(text: string): void {
    this.item += 1;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      this.problems.push({ item: this.item, pointer: '', code: 'malformed-json', message: (e as Error).message });
      return;
    }
    this.accept(raw);
  }

  /** Every item, or ImportRejectedError listing every problem. */
  result(file: string): FileItem[] {
    if (this.problems.length > 0) throw new ImportRejectedError(file, this.problems);
    return this.items;
  }

  private accept(raw: unknown, line?: number): void {
    const item = this.item;
    const parsed = parseDevelopment(raw);
    if (parsed.ok) this.items.push({ development: parsed.value, item, ...(line !== undefined ? { line } : {}) });
    else for (const issue of parsed.issues) this.problems.push({ item, ...(line !== undefined ? { line } : {}), pointer: issue.pointer, code: 'invalid-development', message: issue.message });
  }
}

/**
 * Parses a JSON array or NDJSON file of developments (`{type, ...fields}`), validating
 * every one; throws ImportRejectedError listing every problem, so nothing is written
 * unless the whole file is well formed.
 */
export function parseDevelopmentText(file: string, text: string): FileItem[] {
  const items = new DevelopmentItems();
  if (text.trimStart().startsWith('[')) {
    for (const raw of parseArray(file, text)) items.value(raw);
  } else {
    text.split('\n').forEach((line, index) => {
      const content = line.trim();
      if (content !== '') items.line(content, index + 1);
    });
  }
  return items.result(file);
}

function parseArray(file: string, text: string): unknown[] {
  let array: unknown;
  try {
    array = JSON.parse(text);
  } catch (e) {
    throw new ImportRejectedError(file, [{ item: 0, pointer: '', code: 'malformed-json', message: (e as Error).message }]);
  }
  if (!Array.isArray(array)) throw new ImportRejectedError(file, [{ item: 0, pointer: '', code: 'malformed-json', message: 'expected a JSON array of developments' }]);
  return array;
}

/**
 * Reads an import file as a stream, NDJSON line by line and a JSON array value by value,
 * so the file's size is bounded by the developments it holds, not by the longest string
 * V8 makes (about 512 MB). A value of an array that does not parse is that item's
 * problem; an array that is not well formed as a whole is the file's.
 */
export async function readDevelopmentFile(file: string): Promise<FileItem[]> {
  const items = new DevelopmentItems();
  if ((await firstCharacter(file)) === '[') {
    try {
      for await (const text of jsonArrayValues(file)) items.valueText(text);
    } catch (error) {
      if (!(error instanceof MalformedJsonArrayError)) throw error;
      throw new ImportRejectedError(file, [{ item: 0, pointer: '', code: 'malformed-json', message: error.message }]);
    }
    return items.result(file);
  }
  for await (const { line, content } of fileLines(file)) items.line(content, line);
  return items.result(file);
}

/** The first character that is not white space, if any. */
async function firstCharacter(file: string): Promise<string | undefined> {
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    const found = /\S/.exec(chunk as string);
    if (found) return found[0];
  }
  return undefined;
}
