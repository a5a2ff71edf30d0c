/**
 * JSON text made ASCII: every character outside ASCII written as its `\uXXXX` escape (a
 * character beyond the Basic Multilingual Plane as its two surrogates' escapes). The same
 * JSON value: a parser reads back the very same strings.
 *
 * Why: a GET /timeline page is about 29 KB of JSON, and encoding it for the socket was
 * the answer's costliest single step after the page itself. Node 20 encodes a string as
 * UTF-8 at about 2.4 ns a character (70 us a page) but copies it as Latin-1 at about 0.3
 * (8 us), and for ASCII text the two give the same bytes. A statement's summary quotes it
 * with curly quotes, so pages did hold non-ASCII; escaped once when an item is rendered
 * (the cache keeps the result), every page is ASCII and can be sent as Latin-1 (see
 * read-routes.ts). The escapes cost 3 bytes more per character than UTF-8 would.
 */
export function asciiJson(json: string): string {
  return NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, escapeUnit) : json;
}

/** Whether the text is ASCII only, so that its Latin-1 bytes are its UTF-8 bytes. */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_ALL = /[^\x00-\x7f]/g;

function escapeUnit(unit: string): string {
  return '\\u' + unit.charCodeAt(0).toString(16).padStart(4, '0');
}
