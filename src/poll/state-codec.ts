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
import type { PollState, RecordState } from './state.js';

const MAGIC = Buffer.from([0x53, 0x50, 0x53, 0x01]);

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

/** Encodes `state` (saved under `key`) into bytes; unused shapes are left out. */
export function encodeState(key: string, state: PollState): Buffer {
  const fields: string[] = [];
  const fieldIndex = new Map<string, number>();
  const shapeRemap = new Map<number, number>();
  const shapes: number[][] = [];
  let previous = false;
  let size = 0;
  const ids: Buffer[] = [];
  const prevJson: (Buffer | undefined)[] = [];
  state.ids.forEach((id, i) => {
    const record = state.records[i]!;
    let shape = shapeRemap.get(record.shape);
    if (shape === undefined) {
      const names = state.shapes[record.shape] ?? [];
      shapes.push(names.map((n) => indexOf(n, fields, fieldIndex)));
      shape = shapes.length - 1;
      shapeRemap.set(record.shape, shape);
    }
    const idBytes = Buffer.from(id, 'utf8');
    ids.push(idBytes);
    const json = record.previous === undefined ? undefined : Buffer.from(JSON.stringify(record.previous));
    prevJson.push(json);
    if (json) previous = true;
    size += varintSize(idBytes.length) + idBytes.length + 8 + varintSize(shape) + record.fields.length;
    size += json ? varintSize(json.length) + json.length : 1;
  });
  const count = state.ids.length;
  if (!previous) size -= count;
  const header: Header = { key, fields, shapes, count, previous };
  if (state.pending && state.pending.length > 0) header.pending = [...state.pending];
  if (state.announced && state.announced.length > 0) header.announced = [...state.announced];
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const out = Buffer.allocUnsafe(8 + headerBytes.length + size);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(headerBytes.length, 4);
  let at = 8 + headerBytes.copy(out, 8);
  state.records.forEach((record, i) => {
    const id = ids[i]!;
    at = writeVarint(out, at, id.length);
    at += id.copy(out, at);
    at += out.write(record.hash, at, 'latin1');
    at = writeVarint(out, at, shapeRemap.get(record.shape)!);
    at += out.write(record.fields, at, 'latin1');
    if (previous) {
      const json = prevJson[i];
      at = writeVarint(out, at, json?.length ?? 0);
      if (json) at += json.copy(out, at);
    }
  });
  return out.subarray(0, at);
}

/** Decodes bytes written by {@link encodeState}; throws PollStateError if they are not a poll state. */
export function decodeState(bytes: Uint8Array): { key: string; state: PollState } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || !buf.subarray(0, 4).equals(MAGIC)) throw new PollStateError('Not a poll state file');
  const headerEnd = 8 + buf.readUInt32LE(4);
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', 8, headerEnd)) as Header;
  } catch {
    throw new PollStateError('Poll state header is corrupt');
  }
  const shapes = header.shapes.map((s) => s.map((f) => header.fields[f] ?? ''));
  const ids: string[] = [];
  const records: RecordState[] = [];
  let at = headerEnd;
  for (let n = 0; n < header.count; n++) {
    let len: number;
    [len, at] = readVarint(buf, at);
    const id = buf.toString('utf8', at, at + len);
    at += len;
    const hash = buf.toString('latin1', at, at + 8);
    at += 8;
    let shape: number;
    [shape, at] = readVarint(buf, at);
    const width = (shapes[shape]?.length ?? 0) * 4;
    const fields = buf.toString('latin1', at, at + width);
    at += width;
    let record: RecordState = { hash, shape, fields };
    if (header.previous) {
      [len, at] = readVarint(buf, at);
      if (len > 0) record = { ...record, previous: JSON.parse(buf.toString('utf8', at, at + len)) };
      at += len;
    }
    if (at > buf.length) throw new PollStateError('Poll state is truncated');
    ids.push(id);
    records.push(record);
  }
  const pending = idList(header.pending);
  const announced = idList(header.announced);
  const state: PollState = {
    version: 1,
    shapes,
    ids,
    records,
    ...(pending.length > 0 ? { pending } : {}),
    ...(announced.length > 0 ? { announced } : {}),
  };
  return { key: header.key, state };
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
