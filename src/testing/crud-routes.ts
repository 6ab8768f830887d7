import { type Answer, answer, type Exchange, failure, isRecord } from './http-io.js';
import type { ResourceDef } from './resource-table.js';
import type { Collection } from './store.js';
import type { SandboxRecord } from './types.js';

/** Fields the server owns; a client cannot set them through create or update. */
const SERVER_FIELDS = ['id', 'created_at', 'updated_at'];

/** `GET /{path}/{id}`: bare, or `{success, touch}` for touches as Sendoso documents. */
export function getOne(collection: Collection, def: ResourceDef, id: string): Answer {
  const record = collection.get(id);
  if (!record) return answer(404, def.notFound);
  return answer(200, def.wrapGet ? { success: true, [def.singular]: record } : record);
}

/** `POST /{path}` with `{<singular>: {...}}` → 201 `{success, <singular>: record}` (convention). */
export function createOne(ex: Exchange, collection: Collection, def: ResourceDef): Answer {
  const fields = unwrap(ex.body, def.singular);
  if (!fields) return missingParam(def.singular);
  const record = collection.insert(withoutServerFields(fields));
  return answer(201, { success: true, [def.singular]: record });
}

/** `PATCH /{path}/{id}` with `{<singular>: patch}` → `{success, <singular>: record}` (convention). */
export function updateOne(ex: Exchange, collection: Collection, def: ResourceDef, id: string): Answer {
  if (!collection.get(id)) return answer(404, def.notFound);
  const patch = unwrap(ex.body, def.singular);
  if (!patch) return missingParam(def.singular);
  const record = collection.update(id, withoutServerFields(patch));
  return answer(200, { success: true, [def.singular]: record });
}

/** `DELETE /{path}/{id}` → `{success: true}` (convention). */
export function deleteOne(collection: Collection, def: ResourceDef, id: string): Answer {
  if (!collection.remove(id)) return answer(404, def.notFound);
  return answer(200, { success: true });
}

/** The wrapped body Sendoso (Rails strong parameters) requires, e.g. `{send: {...}}`; empty counts as missing. */
export function unwrap(body: unknown, key: string): SandboxRecord | undefined {
  const inner = isRecord(body) ? body[key] : undefined;
  return isRecord(inner) && Object.keys(inner).length > 0 ? inner : undefined;
}

/** The 400 Rails answers when a required parameter is absent. */
export const missingParam = (key: string): Answer =>
  failure(400, `param is missing or the value is empty: ${key}`);

function withoutServerFields(fields: SandboxRecord): SandboxRecord {
  const copy = { ...fields };
  for (const key of SERVER_FIELDS) delete copy[key];
  return copy;
}
