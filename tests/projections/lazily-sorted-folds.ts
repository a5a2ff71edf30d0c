import { LazilySortedEntries } from '../../projections/state/lazily-sorted-entries.js';
import { objectKeys, type SortFields } from './support/object-entry-keys.js';

/** The longest recent run of FoldingInSteps beside a base run of n: short, so that folds start in short lists. */
export const recentAtMostInSteps = (baseLength: number) => Math.max(2, Math.sqrt(baseLength) / 2);

/**
 * A list that folds a recent run of over sqrt(n)/2 entries into its base run of n (16 or
 * more) in steps of 7 entries' worth per addition: every path of a fold under way (reads,
 * additions, keys changed, views in the middle of one) at sizes a property test affords.
 */
export class FoldingInSteps<E> extends LazilySortedEntries<E> {
  protected override recentAtMost(baseLength: number): number {
    return recentAtMostInSteps(baseLength);
  }
  protected override foldsInSteps(baseLength: number): boolean {
    return baseLength >= 16;
  }
  protected override foldStep(): number {
    return 7;
  }
}

/** Longer runs of steps when folding in steps, so that folds start and are read, rekeyed and viewed while under way. */
export const longer = (inSteps: boolean) => (inSteps ? { size: 'medium' as const } : {});

/** The two ways a list folds its recent run into its base: the live-server properties hold for both. */
export const FOLDS = [
  { folds: 'at once', inSteps: false, list: <E extends SortFields>() => new LazilySortedEntries<E>(objectKeys) },
  { folds: 'in steps', inSteps: true, list: <E extends SortFields>() => new FoldingInSteps<E>(objectKeys) },
] as const;
