import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonArrayValues, MalformedJsonArrayError } from '../../src/recording/json-array-values.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * A JSON array read value by value, as a stream: the values' texts parse to exactly what
 * JSON.parse makes of the whole array, wherever the chunks of the file end.
 */
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

async function values(text: string, chunkBytes?: number): Promise<unknown[]> {
  const file = tmp.file('array.json');
  writeFileSync(file, text);
  const found: unknown[] = [];
  for await (const value of jsonArrayValues(file, chunkBytes)) found.push(JSON.parse(value));
  return found;
}

async function failure(text: string): Promise<unknown> {
  return values(text).then(
    () => undefined,
    (error: unknown) => error,
  );
}

const TRICKY = [
  { type: 'OrganisationRegistered', organisationId: 'a', name: 'Brackets ] } [ { and , commas' },
  { quote: 'escaped \\" quote, \\\\ backslash ending in \\', nested: { list: [[], [1, [2, { deep: '}' }]]], empty: {} } },
  'a bare string with "quotes" and ] inside',
  12.5e3,
  -0,
  true,
  null,
  [],
  { unicode: 'Agência “Ibérica” — 東京 😀', escapes: '\u2028\u0000\t\n' },
];

describe('the values of a JSON array read as a stream', () => {
  it('parse to what JSON.parse makes of the whole array, with any white space and any chunk size', async () => {
    for (const text of [JSON.stringify(TRICKY), JSON.stringify(TRICKY, null, 2), `\r\n\t [ ${TRICKY.map((v) => JSON.stringify(v)).join(' ,\n ')} \n ] \n`]) {
      for (const chunk of [1, 2, 3, 7, 64, 65_536]) expect(await values(text, chunk), `chunks of ${chunk}`).toEqual(JSON.parse(text));
    }
  });

  it('read an empty array, and an empty file, as no values', async () => {
    expect(await values('[]')).toEqual([]);
    expect(await values(' [ \n ] ')).toEqual([]);
    expect(await values('')).toEqual([]);
  });

  it('give a value that does not parse as its text, for JSON.parse to judge alone', async () => {
    const file = tmp.file('bad-value.json');
    writeFileSync(file, '[{"a":1}, {"b": }, nope, {"c":3}]');
    const texts: string[] = [];
    for await (const text of jsonArrayValues(file)) texts.push(text);
    expect(texts).toEqual(['{"a":1}', '{"b": }', 'nope', '{"c":3}']);
  });

  it('refuse a file that is not one well-formed array, saying where', async () => {
    const cases: [string, RegExp][] = [
      ['{"type":"OrganisationRegistered"}', /expected a JSON array of developments at character 0/],
      ['[{"a":1}', /the array is not closed/],
      ['[{"a":1},]', /a value is missing before "\]"/],
      ['[,{"a":1}]', /a value is missing before ","/],
      ['[{"a":1},,{"b":2}]', /a value is missing before ","/],
      ['[{"a":1}] [{"b":2}]', /unexpected text after the array at character 10/],
      ['[{"a":"unterminated]', /the array is not closed/],
    ];
    for (const [text, message] of cases) {
      const error = await failure(text);
      expect(error, text).toBeInstanceOf(MalformedJsonArrayError);
      expect((error as Error).message, text).toMatch(message);
    }
  });
});
