/** "did you mean ...?" for unknown keys and names. */

/** Keys Compose users reach for, mapped to tempfs's name for the same idea. */
const KNOWN_MOVES: Record<string, string> = {
  services: 'containers',
  healthcheck: 'ready',
  mem_limit: 'resources',
  cpus: 'resources',
  deploy: 'resources',
};

/** The candidate nearest to `word`, if it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const moved = KNOWN_MOVES[word];
  if (moved && candidates.includes(moved)) return moved;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Allow about one edit per three letters, at least one.
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** Edit distance where swapping two neighbours counts as one edit ("dosc" -> "docs"). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = nearest(word, candidates);
  return match ? `, did you mean "${match}"?` : '';
}
