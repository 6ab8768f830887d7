/**
 * The field names a typed `where` accepts for a record type: `client.touches.where('name')` compiles,
 * `client.touches.where('nmae')` does not. Plain `where('any.field')` stays untyped for fields a
 * schema does not declare (Sendoso sends more than it documents).
 */

/**
 * The fields of `T` a `where` can name: each declared key (not the `[key: string]: unknown` that loose
 * schemas add), and dotted paths through nested objects and arrays (`recipient.email`,
 * `status_updates.0.status`), as CEQL reads them, down to `Depth` levels.
 */
export type FieldPath<T, Depth extends number = 4> = [Depth] extends [never]
  ? never
  : T extends Date
    ? never
    : T extends readonly (infer Element)[]
      ? `${number}` | `${number}.${FieldPath<NonNullable<Element>, [never, 0, 1, 2, 3][Depth]>}`
      : T extends object
        ? {
            [K in keyof T]-?: K extends string
              ? string extends K
                ? never
                : K | `${K}.${FieldPath<NonNullable<T[K]>, [never, 0, 1, 2, 3][Depth]>}`
              : never;
          }[keyof T &
            keyof { [K in keyof T as K extends string ? (string extends K ? never : K) : never]: 0 }]
        : never;

/** `FieldPath<T>`, or any string when `T` declares no field at all (an untyped record). */
export type FieldName<T> = [FieldPath<T>] extends [never] ? string : FieldPath<T>;
