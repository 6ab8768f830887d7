import { z } from 'zod';

/** Sendoso ids are integers, but some endpoints (marketplace, global ids) send strings. */
export const Id = z.union([z.number().int(), z.string().min(1)]);
export type Id = z.infer<typeof Id>;

/** Money comes as a string (`"578.0"`) or a number, and prices may be null. */
export const Money = z.union([z.string(), z.number()]).nullable();

/** ISO-8601 date-time with offset (`2022-09-12T12:08:27-07:00`), kept as Sendoso sent it. */
export const DateTime = z.string();

/** Optional and nullable: Sendoso omits or nulls fields freely. */
export const maybe = <T extends z.ZodType>(schema: T) => schema.nullish();
