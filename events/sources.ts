import { z } from 'zod';
import { validDate } from './dates.js';

/**
 * Where a development was read. Every field is optional because real sources are
 * uneven; `note` records what the source leaves implicit and how it was inferred
 * (Popolo's `sources[].note`).
 */
export const source = z.strictObject({
  title: z.string().min(1).max(500).optional(),
  url: z.url().max(2000).optional(),
  publisher: z.string().min(1).max(300).optional(),
  publishedOn: validDate.optional(),
  quote: z.string().min(1).max(5000).optional(),
  note: z.string().min(1).max(2000).optional(),
});
export type Source = z.infer<typeof source>;

export const sources = z.array(source).max(50).optional();
