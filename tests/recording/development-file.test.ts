import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportRejectedError, parseDevelopmentText, readDevelopmentFile } from '../../src/recording/development-file.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * An import file is NDJSON, read as a stream line by line, or a JSON array, read as a
 * stream value by value (its size bounded by what it holds, not by the longest string V8
 * makes); either way it reads as the same text would parse.
 */
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

const registered = (id: string) => JSON.stringify({ type: 'OrganisationRegistered', organisationId: id, name: `Organisation ${id}` });

async function read(text: string): Promise<unknown> {
  const file = tmp.file('developments.txt');
  writeFileSync(file, text);
  return readDevelopmentFile(file).catch((error: unknown) => error);
}

function parsed(text: string): unknown {
  try {
    return parseDevelopmentText(tmp.file('developments.txt'), text);
  } catch (error) {
    return error;
  }
}

describe('reading an import file', () => {
  it('takes NDJSON line by line, blank lines and CRLF included, numbering items and lines as the text does', async () => {
    const text = `${registered('a')}\r\n\r\n${registered('b')}\n   \n${registered('c')}`;

    const items = await read(text);

    expect(items).toEqual(parsed(text));
    expect((items as { item: number; line: number }[]).map(({ item, line }) => [item, line])).toEqual([[1, 1], [2, 3], [3, 5]]);
  });

  it('names every bad line of NDJSON, writing nothing', async () => {
    const text = [registered('a'), 'not json', JSON.stringify({ type: 'OrganisationRegistered' }), registered('d')].join('\n');

    const error = await read(text);

    expect(error).toBeInstanceOf(ImportRejectedError);
    expect((error as ImportRejectedError).problems).toEqual((parsed(text) as ImportRejectedError).problems);
    expect((error as ImportRejectedError).problems.slice(0, 2).map((p) => [p.line, p.code])).toEqual([[2, 'malformed-json'], [3, 'invalid-development']]);
  });

  it('takes a JSON array value by value, after white space, as the whole text parses', async () => {
    const text = `\n  [${registered('a')}, ${registered('b')}]`;

    expect(await read(text)).toEqual(parsed(text));
    expect((await read(text)) as unknown[]).toHaveLength(2);
  });

  it('names every bad value of a JSON array by its item, and refuses an array that is not well formed, writing nothing', async () => {
    const error = await read(`[${registered('a')}, {"type": }, ${JSON.stringify({ type: 'OrganisationRegistered' })}, ${registered('d')}]`);
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect((error as ImportRejectedError).problems.slice(0, 2).map((p) => [p.item, p.line, p.code])).toEqual([[2, undefined, 'malformed-json'], [3, undefined, 'invalid-development']]);

    const broken = await read('[ {"type": ');
    expect(broken).toBeInstanceOf(ImportRejectedError);
    expect((broken as ImportRejectedError).problems).toEqual([{ item: 0, pointer: '', code: 'malformed-json', message: 'the array is not closed at character 11' }]);
  });

  it('reads an empty file as no developments', async () => {
    expect(await read('')).toEqual([]);
    expect(await read('\n \n')).toEqual([]);
  });
});
