/**
 * The field mapping itself, vendor record ↔ VDR object, without transforms or schemas.
 *
 * Pass-through copies what the mapping leaves over: on reads, the vendor record minus every mapped
 * vendor path (so `recipient.name` survives as `recipient: { name }` when `recipient.email` is mapped);
 * on writes, the VDR object minus every mapped field. A read followed by a write therefore gives back
 * the vendor record (up to type conversions), and a change to a mapped vendor value shows on the
 * mapped field only, never twice.
 */
import { ValidationError, type ValidationIssue } from '../errors.js';
import { ConversionFailure, readValue, writeValue } from './coerce.js';
import type { Mapping, VdrRecord } from './definition.js';
import { getPath, removePath, setPath } from './paths.js';

/** The VDR object for a vendor record. Missing, null and unconvertible vendor values leave the field absent. */
export function mapFromVendor(mapping: Mapping, vendor: VdrRecord): VdrRecord {
  const out: VdrRecord = {};
  for (const field of mapping.fields) {
    const raw = getPath(vendor, field.vendorPath);
    if (raw === undefined || raw === null) continue;
    const value = readValue(raw, field);
    if (value !== undefined) setPath(out, field.path, value);
  }
  if (!mapping.passThrough) return out;
  let rest = vendor;
  for (const field of mapping.fields) rest = removePath(rest, field.vendorPath);
  // A mapped field wins over a vendor field of the same name.
  copyFields(out, rest);
  return out;
}

/**
 * The vendor body for a VDR object: fields absent from `object` are left out (so a partial object is
 * a patch), `null` is sent as null. A value that cannot be converted is a `ValidationError` naming it.
 */
export function mapToVendor(mapping: Mapping, object: VdrRecord, what: string): VdrRecord {
  const body: VdrRecord = {};
  if (mapping.passThrough) {
    let rest = object;
    for (const field of mapping.fields) rest = removePath(rest, field.path);
    copyFields(body, rest);
  }
  const issues: ValidationIssue[] = [];
  for (const field of mapping.fields) {
    const value = getPath(object, field.path);
    if (value === undefined) continue;
    const converted = value === null ? null : writeValue(value, field);
    if (converted instanceof ConversionFailure) issues.push({ path: field.name, message: converted.message });
    else setPath(body, field.vendorPath, converted);
  }
  if (issues.length > 0) throw new ValidationError(what, issues);
  return body;
}

/** Copies top-level fields `target` lacks. `__proto__` (an own key in parsed JSON) would replace the prototype. */
function copyFields(target: VdrRecord, source: VdrRecord): void {
  for (const [key, value] of Object.entries(source)) {
    if (key !== '__proto__' && !Object.hasOwn(target, key)) target[key] = value;
  }
}
