import { describe, expect, it } from 'vitest';
import { asciiJson, isAscii } from '../../projections/ascii-json.js';

describe('JSON text made ASCII', () => {
  it('escapes every character outside ASCII, and reads back as the same value', () => {
    const value = { summary: 'person-1: “Cooperation” – ça va 🙂', nested: ['Ä', 'x\u0080y', 'ſ'] };
    const text = asciiJson(JSON.stringify(value));

    expect(isAscii(text)).toBe(true);
    expect(text).toContain('\\u201c');
    expect(text).toContain('\\ud83d\\ude42'); // beyond the BMP: both surrogates' escapes
    expect(JSON.parse(text)).toEqual(value);
  });

  it('gives ASCII text back as it is', () => {
    const text = JSON.stringify({ id: 'iag-tvet', quote: 'plain "quoted" \\ text' });
    expect(asciiJson(text)).toBe(text);
  });

  it('keeps the escapes JSON.stringify makes of lone surrogates', () => {
    const text = asciiJson(JSON.stringify({ broken: '\ud800x' }));
    expect(isAscii(text)).toBe(true);
    expect(JSON.parse(text)).toEqual({ broken: '\ud800x' });
  });

  it('tells ASCII text from text holding any other character', () => {
    expect(isAscii('')).toBe(true);
    expect(isAscii('\x00\x7f plain')).toBe(true);
    expect(isAscii('é')).toBe(false);
    expect(isAscii('\x80')).toBe(false);
  });
});
