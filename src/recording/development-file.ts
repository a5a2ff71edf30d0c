import { readFile } from 'node:fs/promises';
import { parseDevelopment, type Development } from '../../events/catalogue.js';

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

/**
 * Parses a JSON array or NDJSON file of developments (`{type, ...fields}`), validating
 * every one; throws ImportRejectedError listing every problem, so nothing is written
 * unless the whole file is well formed.
 */
export function parseDevelopmentText(file: string, text: string): FileItem[] {
  const problems: FileProblem[] = [];
  const items: FileItem[] = [];
  const accept = (raw: unknown, item: number, line?: number) => {
    const parsed = parseDevelopment(raw);
    if (parsed.ok) items.push({ development: parsed.value, item, ...(line !== undefined ? { line } : {}) });
    else for (const issue of parsed.issues) problems.push({ item, ...(line !== undefined ? { line } : {}), pointer: issue.pointer, code: 'invalid-development', message: issue.message });
  };
  if (text.trimStart().startsWith('[')) {
    let array: unknown;
    try {
      array = JSON.parse(text);
    } catch (e) {
      throw new ImportRejectedError(file, [{ item: 0, pointer: '', code: 'malformed-json', message: (e as Error).message }]);
    }
    if (!Array.isArray(array)) throw new ImportRejectedError(file, [{ item: 0, pointer: '', code: 'malformed-json', message: 'expected a JSON array of developments' }]);
    array.forEach((raw, i) => accept(raw, i + 1));
  } else {
    let item = 0;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i += 1) {
      const content = lines[i]!.trim();
      if (content === '') continue;
      item += 1;
      let raw: unknown;
      try {
        raw = JSON.parse(content);
      } catch (e) {
        problems.push({ item, line: i + 1, pointer: '', code: 'malformed-json', message: (e as Error).message });
        continue;
      }
      accept(raw, item, i + 1);
    }
  }
  if (problems.length > 0) throw new ImportRejectedError(file, problems);
  return items;
}

export async function readDevelopmentFile(file: string): Promise<FileItem[]> {
  return parseDevelopmentText(file, await readFile(file, 'utf8'));
}
