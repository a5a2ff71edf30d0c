import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * The non-empty lines of a text file, trimmed, with their 1-based line numbers, read as
 * a stream: an import or export file may be longer than a string may be (about 512 MB).
 */
export async function* fileLines(file: string): AsyncGenerator<{ line: number; content: string }> {
  const reader = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of reader) {
    line += 1;
    const content = text.trim();
    if (content !== '') yield { line, content };
  }
}
