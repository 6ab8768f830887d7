/** CEQL's reserved words. A field spelled like one must be backtick-quoted. */
export const keywords = ['AND', 'OR', 'NOT', 'IN', 'LIKE', 'IS', 'NULL', 'TRUE', 'FALSE'] as const;

export type Keyword = (typeof keywords)[number];

const set: ReadonlySet<string> = new Set(keywords);

/** The keyword `word` spells (case-insensitively), if any. */
export function keywordOf(word: string): Keyword | undefined {
  const upper = word.toUpperCase();
  return set.has(upper) ? (upper as Keyword) : undefined;
}

export function isKeyword(word: string): boolean {
  return keywordOf(word) !== undefined;
}
