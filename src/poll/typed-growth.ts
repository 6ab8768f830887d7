/** Growable typed arrays for state builders: grow by half again, so appending stays linear. */

export function growUint32(array: Uint32Array, need: number): Uint32Array {
  if (need <= array.length) return array;
  const grown = new Uint32Array(Math.max(need, Math.ceil(array.length * 1.5)));
  grown.set(array);
  return grown;
}

export function growUint16(array: Uint16Array, need: number): Uint16Array {
  if (need <= array.length) return array;
  const grown = new Uint16Array(Math.max(need, Math.ceil(array.length * 1.5)));
  grown.set(array);
  return grown;
}

export function growUint8(array: Uint8Array, need: number): Uint8Array {
  if (need <= array.length) return array;
  const grown = new Uint8Array(Math.max(need, Math.ceil(array.length * 1.5)));
  grown.set(array);
  return grown;
}
