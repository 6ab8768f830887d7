/**
 * "Did you mean …?" for names a caller typed: body fields, `where` fields, resource names. A typo in a
 * paid send's body should say which field was meant, not only that one was refused.
 */

/** Lower case, without `_`, `-` and spaces, so `deliveryType` and `delivery-type` meet `delivery_type`. */
function loose(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), so `tpye` is one edit from
 * `type`. Stops early once every cell of a row exceeds `limit`.
 */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/** The candidate closest to `name`, when one is close enough to be a typo of it (ties: the first). */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = loose(name);
  // Names are capped so a huge input costs nothing; nobody mistypes a 200-character field name.
  if (wanted.length === 0 || wanted.length > 200) return undefined;
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = distance(wanted, loose(candidate), limit);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean "x"?` to end a refusal with, or nothing when no candidate is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = closestName(name, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}
