/** The module `client.vdr()` returns: a resource's operations, in your object model. */
import { type Predicate, type Where, type WhereField, where } from '../ceql/index.js';
import { SendosoError } from '../errors.js';
import { type ApiPromise, mapApi } from '../http/api-promise.js';
import type { RequestOptions } from '../options.js';
import type { PagePromise } from '../pagination/page.js';
import type { FieldName } from '../resources/field-path.js';
import type { ListAllOptions, ListQuery } from '../resources/resource.js';
import type { MappedField, Mapping, VdrOperation, VdrRecord } from './definition.js';
import { mapFromVendor, mapToVendor } from './mapper.js';
import { mapPages } from './pages.js';
import { getPath } from './paths.js';
import { checkRead, checkTransformed, checkWrite } from './schema-check.js';
import { type VendorResource, vendorIdField } from './vendor-resource.js';
import { planQuery } from './where-rewrite.js';

/**
 * What `create` resolves to: the vendor's answer mapped back like a read (for gifts, Sendoso answers
 * `{ success, message, tracking_code }`, which pass-through carries). Not checked against the schema.
 */
export type VdrCreated<T> = Partial<T> & VdrRecord;

/**
 * A virtual data resource: `list/get/create/update/delete` of an element resource, in your field
 * names, with `where` in your field names too. Pollable with `client.poll(module)`.
 *
 * Reads: a vendor value that is missing, null or not convertible to the field's type leaves the
 * field absent. Writes: a value that cannot be converted is a `ValidationError` and nothing is sent.
 */
export class VdrModule<T = VdrRecord> {
  /** The VDR's name; poll events carry it as `resource`. */
  readonly name: string;
  readonly #mapping: Mapping;
  readonly #resource: VendorResource;
  readonly #vendorId: string;
  readonly #idField: MappedField | undefined;

  /** @internal Created by `client.vdr()`. */
  constructor(name: string, mapping: Mapping, resource: VendorResource) {
    this.name = name;
    this.#mapping = mapping;
    this.#resource = resource;
    this.#vendorId = vendorIdField(resource);
    this.#idField = mapping.fields.find((f) => f.vendorField === this.#vendorId);
  }

  /**
   * Lists mapped objects; `where` uses your field names. `await` for a page, `for await` for all.
   * The condition runs on the vendor records (pushdown included) and again on the mapped objects, so
   * every object yielded satisfies it as you see it.
   */
  list(query?: ListQuery, options: RequestOptions = {}): PagePromise<T> {
    let holds: Predicate | undefined;
    return mapPages(
      () => {
        const plan = planQuery(this.#mapping, this.name, query);
        holds = plan.holds;
        return this.#resource.list(plan.query, options);
      },
      (record) => this.#read(record, 'list', holds),
    );
  }

  /**
   * `where(field)` typed by this VDR's objects (from its `schema`): `contacts.where('email')` compiles,
   * a misspelt field does not. Without a schema any name compiles; either way a field the VDR cannot
   * resolve is a `ValidationError` when the query is used.
   */
  where(field: FieldName<T>): WhereField {
    return where(field);
  }

  /** Every mapped object matching `where` (what pollers use). */
  async *listAll(where?: Where | string, options: ListAllOptions = {}): AsyncGenerator<T> {
    const plan = planQuery(this.#mapping, this.name, where);
    for await (const record of this.#resource.listAll(plan.query as Where | undefined, options)) {
      const object = this.#read(record, 'list', plan.holds);
      if (object !== undefined) yield object;
    }
  }

  /**
   * Which of `ids` (as `idOf` gives them) are gone, for pollers: the resource answered 404, or the
   * record no longer matches `where` as you see the mapped object. One GET per id. Resolves
   * `undefined` when the resource cannot read a single record.
   */
  async confirmGone(
    ids: readonly string[],
    query: { where?: Where | string | undefined } = {},
    options: RequestOptions = {},
  ): Promise<string[] | undefined> {
    if (!this.#resource.confirmGone) return undefined;
    const plan = planQuery(this.#mapping, this.name, query.where);
    const accept = (record: VdrRecord) => this.#read(record, 'get', plan.holds) !== undefined;
    const where = plan.query as Where | undefined;
    return this.#resource.confirmGone(ids, { where, accept }, options);
  }

  get(id: string | number, options: RequestOptions = {}): ApiPromise<T> {
    return mapApi(
      () => this.#resource.get(id, options),
      (record) => this.#read(record, 'get') as T,
    );
  }

  /** Validates and maps `object`, then creates it; nothing is sent when it is invalid. */
  create(object: T, options: RequestOptions = {}): ApiPromise<VdrCreated<T>> {
    return mapApi(
      () => this.#resource.create(this.toVendor(object, 'create'), options),
      (answer) => {
        const record = typeof answer === 'object' && answer !== null ? (answer as VdrRecord) : {};
        return this.#transform(mapFromVendor(this.#mapping, record), record, 'create') as VdrCreated<T>;
      },
    );
  }

  /** Maps only the fields `patch` has (checked against `schema.partial()`), and reads the result back. */
  update(id: string | number, patch: Partial<T>, options: RequestOptions = {}): ApiPromise<T> {
    return mapApi(
      () => this.#resource.update(id, this.toVendor(patch, 'update'), options),
      (answer) => this.#read(answer, 'update') as T,
    );
  }

  delete(id: string | number, options: RequestOptions = {}): ApiPromise<void> {
    return this.#resource.delete(id, options);
  }

  /**
   * The record's id: the field mapped to the vendor's id field (`id`), or the pass-through `id`.
   * Throws when the object has neither.
   */
  idOf(object: T): string {
    const record = object as VdrRecord;
    const field = this.#idField;
    const value = field
      ? getPath(record, field.path)
      : this.#mapping.passThrough
        ? record[this.#vendorId]
        : undefined;
    if (value === undefined || value === null) {
      throw new SendosoError(
        `${this.name}.idOf: the object has no id; map the vendor's "${this.#vendorId}" to a field or keep passThrough on`,
      );
    }
    return this.#resource.idOf({ [this.#vendorId]: value });
  }

  /** A vendor record as this VDR reads it: mapped, `transform.fromVendor`, then checked by `schema`. */
  fromVendor(vendorRecord: VdrRecord): T {
    return this.#read(vendorRecord, 'get') as T;
  }

  /** The vendor body for `object`: checked by `schema`, mapped, then `transform.toVendor`. */
  toVendor(object: T | Partial<T>, operation: 'create' | 'update' = 'create'): VdrRecord {
    const what = `Invalid ${this.name}.${operation} body`;
    const checked = checkWrite(this.#mapping.schema, object, operation === 'update', what);
    const body = mapToVendor(this.#mapping, checked, what);
    const toVendor = this.#mapping.transform.toVendor;
    if (!toVendor) return body;
    return checkTransformed(
      toVendor(body, checked, { vdr: this.name, operation }),
      `${what} (transform.toVendor)`,
    );
  }

  /** Mapped, filtered by `holds` (on the mapped object), transformed, then checked by the schema. */
  #read(record: VdrRecord, operation: VdrOperation, holds?: Predicate): T | undefined {
    const mapped = mapFromVendor(this.#mapping, record);
    if (holds && !holds(mapped)) return undefined;
    const what = `${this.name}: a ${this.#resource.name} record does not match the schema`;
    return checkRead(this.#mapping.schema, this.#transform(mapped, record, operation), what) as T;
  }

  #transform(mapped: VdrRecord, record: VdrRecord, operation: VdrOperation): VdrRecord {
    const fromVendor = this.#mapping.transform.fromVendor;
    if (!fromVendor) return mapped;
    const context = { vdr: this.name, operation };
    return checkTransformed(fromVendor(mapped, record, context), `${this.name} (transform.fromVendor)`);
  }
}
