/** Reads a dotted field path out of a record. A missing step gives `undefined`, which CEQL treats as null. */

export type Accessor = (record: unknown) => unknown;

type Bag = Record<string, unknown>;

/**
 * Names an object inherits (`constructor`, `toString`, `__proto__`, an array's `map` or `length`) must
 * not read as record fields, so those segments take the slower own-property path; all others are a
 * plain property read, which is what keeps compiled predicates close to hand-written code.
 */
function inherited(key: string): boolean {
  return key in Object.prototype || key in Array.prototype;
}

function ownStep(key: string): (value: object) => unknown {
  return (value) => (Object.hasOwn(value, key) && !Array.isArray(value) ? (value as Bag)[key] : undefined);
}

/** Compiles `field` into a reader. Dots walk nested objects; a numeric segment indexes an array. */
export function accessor(field: string): Accessor {
  const keys = field.split('.');
  if (keys.length === 1 && !inherited(field)) {
    return (r) => (typeof r === 'object' && r !== null ? (r as Bag)[field] : undefined);
  }
  const steps = keys.map((key) => (inherited(key) ? ownStep(key) : (value: object) => (value as Bag)[key]));
  return (r) => {
    let value = r;
    for (const step of steps) {
      if (typeof value !== 'object' || value === null) return undefined;
      value = step(value);
    }
    return value;
  };
}
