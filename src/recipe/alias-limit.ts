/**
 * How many values aliases may add to a document once expanded, shared by both readers (the
 * fast one declines past it; the exact one words the error). A shared fragment used by
 * every container stays far below it; a "billion laughs" document (a few hundred bytes
 * that expand to 10^9 values) stops here, in milliseconds, instead of eating the memory.
 * Its own module: the fast reader must not import parse.ts, which loads the `yaml` package.
 */
export const MAX_ALIAS_VALUES = 100_000;
