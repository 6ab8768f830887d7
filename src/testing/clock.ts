/**
 * Sendoso writes dates as ISO-8601 with an offset (`2022-09-12T12:08:27-07:00`); its examples are in
 * Pacific time, so the sandbox uses a fixed -07:00 (no DST: output stays deterministic).
 */
const OFFSET_MS = -7 * 3_600_000;
const DAY_MS = 86_400_000;

// Date#toISOString costs about 1 µs; seeding 100,000 records formats 200,000 dates, so the date part
// is formatted once per day and the time part by hand.
const days = new Map<number, string>();
const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);

export function isoWithOffset(epochMs: number): string {
  const local = Math.floor(epochMs + OFFSET_MS);
  const day = Math.floor(local / DAY_MS);
  let date = days.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (days.size < 50_000) days.set(day, date);
  }
  const seconds = Math.floor((local - day * DAY_MS) / 1000);
  return `${date}T${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}-07:00`;
}

/** The server clock. */
export const now = (): number => Date.now();
