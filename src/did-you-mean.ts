/**
 * "Did you mean ...?" for a misspelt name: the closest known name, if it is close enough to be the
 * likely intent (at most two edits, or one per three letters for short names, ignoring case).
 */

/** Levenshtein distance between `a` and `b`: insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known name `word` most likely meant, or undefined when none is close. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  // Long input (a pasted blob) is never a typo of a short option name, and would cost time to compare.
  if (word.length > 64) return undefined;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.min(2, Math.max(1, Math.floor(word.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/** ` (did you mean 'x'?)`, or an empty string. */
export function suggestion(word: string, known: readonly string[]): string {
  const match = didYouMean(word, known);
  return match === undefined ? '' : ` (did you mean '${match}'?)`;
}
