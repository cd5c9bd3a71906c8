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

/** Levenshtein distance with a single rolling row. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = nearest(word, candidates);
  return match ? `, did you mean "${match}"?` : '';
}
