/**
 * The field names a typed `where` accepts for a record type: `client.touches.where('name')` compiles,
 * `client.touches.where('nmae')` does not. Plain `where('any.field')` stays untyped for fields a
 * schema does not declare (Sendoso sends more than it documents).
 */

/** Keys a type declares, without the `[key: string]: unknown` that loose schemas add. */
type DeclaredKeys<T> = keyof {
  [K in keyof T as string extends K ? never : number extends K ? never : symbol extends K ? never : K]: 0;
} &
  string;

/** Depth countdown, so recursive record types stay cheap to check. */
type Shallower = [never, 0, 1, 2, 3];

/** The paths below a field's value: object keys, array indexes (`0`), and paths inside those. */
type PathsBelow<V, Depth extends number> = [Depth] extends [never]
  ? never
  : V extends Date
    ? never
    : V extends readonly (infer Element)[]
      ? `${number}` | `${number}.${PathsBelow<NonNullable<Element>, Shallower[Depth]>}`
      : V extends object
        ? FieldPath<V, Depth>
        : never;

/**
 * The fields of `T` a `where` can name: each declared key, and dotted paths through nested objects
 * and arrays (`recipient.email`, `status_updates.0.status`), as CEQL reads them.
 */
export type FieldPath<T, Depth extends number = 4> = [Depth] extends [never]
  ? never
  : {
      [K in DeclaredKeys<T>]: K | `${K}.${PathsBelow<NonNullable<T[K]>, Shallower[Depth]>}`;
    }[DeclaredKeys<T>];

/** `FieldPath<T>`, or any string when `T` declares no field at all (an untyped record). */
export type FieldName<T> = [DeclaredKeys<T>] extends [never] ? string : FieldPath<T>;
