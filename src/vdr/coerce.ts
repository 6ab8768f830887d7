/**
 * Field types of a VDR and the conversions between a vendor value and a VDR value. Reads are lenient
 * (Sendoso sends money as `"578.0"`), writes are strict (the value came from the caller).
 */

import { numericValue } from '../ceql/compare.js';
import type { Literal } from '../ceql/index.js';
import { isoInstant } from '../ceql/instant.js';

/** The types a mapped field can have; a field without a type is copied as is. */
export type VdrFieldType = 'string' | 'number' | 'boolean' | 'date';
export const FIELD_TYPES = ['string', 'number', 'boolean', 'date'] as const satisfies readonly VdrFieldType[];

/** How a `date` field is stored by the vendor: ISO-8601 text (default) or epoch milliseconds/seconds. */
export type VdrDateFormat = 'iso' | 'epoch-ms' | 'epoch-s';
export const DATE_FORMATS = ['iso', 'epoch-ms', 'epoch-s'] as const satisfies readonly VdrDateFormat[];

/** The part of a field definition the conversions need. */
export type Conversion = { readonly type: VdrFieldType | undefined; readonly format: VdrDateFormat };

/** Why a write could not be converted; the message names what was expected. */
export class ConversionFailure {
  constructor(readonly message: string) {}
}

function finiteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const n = numericValue(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  return undefined;
}

/** Epoch milliseconds of a Date, of ISO text, or (for epoch formats) of an epoch number. */
function instantOf(value: unknown, format: VdrDateFormat): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'string') {
    const iso = isoInstant(value);
    if (iso !== undefined || format === 'iso') return iso;
  }
  if (format === 'iso') return undefined;
  const n = finiteNumber(value);
  return n === undefined ? undefined : format === 'epoch-s' ? n * 1000 : n;
}

/**
 * A vendor value as the VDR sees it, or `undefined` when it cannot be read as the field's type (the
 * field is then absent from the VDR object rather than holding a value of the wrong type).
 */
export function readValue(value: unknown, field: Conversion): unknown {
  switch (field.type) {
    case undefined:
      return value;
    case 'string':
      return textOf(value);
    case 'number':
      return finiteNumber(value);
    case 'boolean':
      return booleanOf(value);
    case 'date': {
      const ms = instantOf(value, field.format);
      return ms === undefined ? undefined : new Date(ms);
    }
  }
}

/** A VDR value as the vendor stores it, or a `ConversionFailure` saying what was expected. */
export function writeValue(value: unknown, field: Conversion): unknown {
  switch (field.type) {
    case undefined:
      return value;
    case 'string':
      return textOf(value) ?? new ConversionFailure('must be a string');
    case 'number':
      return finiteNumber(value) ?? new ConversionFailure('must be a finite number or a numeric string');
    case 'boolean':
      return booleanOf(value) ?? new ConversionFailure('must be a boolean or "true"/"false"');
    case 'date':
      return writeDate(value, field.format);
  }
}

function writeDate(value: unknown, format: VdrDateFormat): unknown {
  const ms = instantOf(value, format);
  if (ms === undefined) {
    return new ConversionFailure(
      format === 'iso'
        ? 'must be a Date or ISO-8601 text'
        : 'must be a Date, ISO-8601 text or an epoch number',
    );
  }
  if (format === 'epoch-ms') return ms;
  // Epoch seconds are whole seconds on the wire; ISO text given by the caller is kept as written.
  if (format === 'epoch-s') return Math.floor(ms / 1000);
  return typeof value === 'string' ? value : new Date(ms).toISOString();
}

/**
 * A `where` literal for a field stored as epoch numbers: ISO text (what Date values become in a
 * `Where`) turns into the epoch number, unrounded so `<`/`>` keep their meaning. Other literals pass.
 */
export function whereLiteral(literal: Literal, field: Conversion): Literal {
  if (field.type !== 'date' || field.format === 'iso' || typeof literal !== 'string') return literal;
  const ms = isoInstant(literal);
  if (ms === undefined) return literal;
  return field.format === 'epoch-s' ? ms / 1000 : ms;
}
