/**
 * The compact binary form of a PollState (what FileStateStore writes; usable by any byte store).
 *
 *   "SPS" 0x01 | u32le header length | header JSON {key, fields, shapes, count, previous, pending?}
 *   then per record: varint id length, id (UTF-8), 8-byte content hash, varint shape index,
 *   4 bytes per field of the shape, and with `previous` a varint length + JSON (0 = none).
 *
 * Field names are stored once; a shape is a list of indexes into them. A 16-field touch with a 6-digit
 * id takes 1 + 6 + 8 + 1 + 64 = 80 bytes.
 */
import { PollStateError } from './errors.js';
import { buildState, StateBuilder } from './record-table.js';
import type { PollState, PollStateV1 } from './state.js';
import { upgradeState } from './state-upgrade.js';

const MAGIC = Buffer.from([0x53, 0x50, 0x53, 0x01]);
/** The fewest bytes a record takes: id length, 8-byte hash, shape index (an empty id, no fields). */
const MIN_RECORD_BYTES = 10;

interface Header {
  key: string;
  fields: string[];
  shapes: number[][];
  count: number;
  previous: boolean;
  /** Ids awaiting a second listing before their delete is reported; absent when none. */
  pending?: string[];
  /** Ids whose created event was handed out but not acknowledged; absent when none. */
  announced?: string[];
}

/**
 * Encodes `state` (saved under `key`) into bytes; unused shapes are left out. A version 1 state
 * object encodes to the same bytes as its version 2 form.
 */
export function encodeState(key: string, given: PollState | PollStateV1): Buffer {
  const state = upgradeState(given) as PollState;
  const { ids, records } = state;
  const count = ids.size;
  const fields: string[] = [];
  const fieldIndex = new Map<string, number>();
  const shapeRemap = new Map<number, number>();
  const shapes: number[][] = [];
  const previous = records.hasPrevious;
  const prevJson: (Buffer | undefined)[] = [];
  let size = 0;
  for (let i = 0; i < count; i++) {
    const own = records.shapeAt(i);
    let shape = shapeRemap.get(own);
    if (shape === undefined) {
      const names = state.shapes[own] ?? [];
      shapes.push(names.map((n) => indexOf(n, fields, fieldIndex)));
      shape = shapes.length - 1;
      shapeRemap.set(own, shape);
    }
    const idLength = Buffer.byteLength(ids.at(i), 'utf8');
    size += varintSize(idLength) + idLength + 8 + varintSize(shape) + records.fieldsAt(i).length * 4;
    if (previous) {
      const value = records.previousAt(i);
      const json = value === undefined ? undefined : Buffer.from(JSON.stringify(value));
      prevJson.push(json);
      size += json ? varintSize(json.length) + json.length : 1;
    }
  }
  const header: Header = { key, fields, shapes, count, previous };
  if (state.pending && state.pending.length > 0) header.pending = [...state.pending];
  if (state.announced && state.announced.length > 0) header.announced = [...state.announced];
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const out = Buffer.allocUnsafe(8 + headerBytes.length + size);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(headerBytes.length, 4);
  let at = 8 + headerBytes.copy(out, 8);
  const { hashes } = records.columns();
  for (let i = 0; i < count; i++) {
    const id = ids.at(i);
    at = writeVarint(out, at, Buffer.byteLength(id, 'utf8'));
    at += out.write(id, at, 'utf8');
    out.set(hashes.subarray(i * 8, i * 8 + 8), at);
    at += 8;
    at = writeVarint(out, at, shapeRemap.get(records.shapeAt(i)) ?? 0);
    // Big-endian, as the field hashes have always been written.
    for (const h of records.fieldsAt(i)) at = out.writeUInt32BE(h, at);
    if (previous) {
      const json = prevJson[i];
      at = writeVarint(out, at, json?.length ?? 0);
      if (json) at += json.copy(out, at);
    }
  }
  return out.subarray(0, at);
}

/** Decodes bytes written by {@link encodeState}; throws PollStateError if they are not a poll state. */
export function decodeState(bytes: Uint8Array): { key: string; state: PollState } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || !buf.subarray(0, 4).equals(MAGIC)) throw new PollStateError('Not a poll state file');
  const headerEnd = 8 + buf.readUInt32LE(4);
  if (headerEnd > buf.length) throw new PollStateError('Poll state is truncated');
  let header: unknown;
  try {
    header = JSON.parse(buf.toString('utf8', 8, headerEnd));
  } catch {
    header = undefined;
  }
  // The count sizes the tables up front: a damaged one must not allocate more than the bytes can hold.
  if (!isHeader(header, (buf.length - headerEnd) / MIN_RECORD_BYTES)) {
    throw new PollStateError('Poll state header is corrupt');
  }
  const shapes = header.shapes.map((s) => s.map((f) => header.fields[f] ?? ''));
  const builder = new StateBuilder(header.count);
  const fields = new Uint32Array(Math.max(0, ...shapes.map((s) => s.length)));
  let at = headerEnd;
  for (let n = 0; n < header.count; n++) {
    let len: number;
    [len, at] = readVarint(buf, at);
    const id = buf.toString('utf8', at, at + len);
    at += len;
    const hash = buf.subarray(at, at + 8);
    at += 8;
    let shape: number;
    [shape, at] = readVarint(buf, at);
    if (shape >= shapes.length) throw new PollStateError('Poll state is corrupt');
    const width = shapes[shape]?.length ?? 0;
    if (at + width * 4 > buf.length) throw new PollStateError('Poll state is truncated');
    for (let f = 0; f < width; f++, at += 4) fields[f] = buf.readUInt32BE(at);
    let previous: unknown;
    if (header.previous) {
      [len, at] = readVarint(buf, at);
      if (len > 0) previous = parseRecord(buf.toString('utf8', at, at + len));
      at += len;
    }
    if (at > buf.length) throw new PollStateError('Poll state is truncated');
    builder.push(id, hash, shape, fields.subarray(0, width), previous);
  }
  const state = buildState(builder, shapes, {
    pending: idList(header.pending),
    announced: idList(header.announced),
  });
  return { key: header.key, state };
}

function isHeader(value: unknown, maxCount: number): value is Header {
  const h = value as Partial<Header> | null;
  if (typeof h !== 'object' || h === null) return false;
  const { fields, shapes, count } = h;
  return (
    typeof h.key === 'string' &&
    typeof h.previous === 'boolean' &&
    Number.isSafeInteger(count) &&
    (count as number) >= 0 &&
    (count as number) <= maxCount &&
    Array.isArray(fields) &&
    fields.every((name) => typeof name === 'string') &&
    Array.isArray(shapes) &&
    shapes.every(
      (shape) =>
        Array.isArray(shape) && shape.every((f) => Number.isInteger(f) && f >= 0 && f < fields.length),
    )
  );
}

function parseRecord(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new PollStateError('Poll state is corrupt');
  }
}

function idList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

function indexOf(name: string, list: string[], index: Map<string, number>): number {
  let i = index.get(name);
  if (i === undefined) {
    i = list.push(name) - 1;
    index.set(name, i);
  }
  return i;
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

function writeVarint(buf: Buffer, at: number, n: number): number {
  while (n >= 0x80) {
    buf[at++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 0x80);
  }
  buf[at++] = n;
  return at;
}

function readVarint(buf: Buffer, at: number): [number, number] {
  let n = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[at++];
    if (byte === undefined) throw new PollStateError('Poll state is truncated');
    n += (byte & 0x7f) * scale;
    if (byte < 0x80) return [n, at];
    scale *= 0x80;
  }
}
