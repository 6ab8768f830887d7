/** The element resource under a VDR, as the VDR sees it. */
import type { Where } from '../ceql/index.js';
import type { ApiPromise } from '../http/api-promise.js';
import type { RequestOptions } from '../options.js';
import type { PagePromise } from '../pagination/page.js';
import type { ListAllOptions, ListQuery } from '../resources/resource.js';
import type { VdrRecord } from './definition.js';

/** What a VDR needs from the element resource under it; every resource module has it. */
export type VendorResource = {
  readonly name: string;
  list(query?: ListQuery, options?: RequestOptions): PagePromise<VdrRecord>;
  listAll(where?: Where | string, options?: ListAllOptions): AsyncIterable<VdrRecord>;
  get(id: string | number, options?: RequestOptions): ApiPromise<VdrRecord>;
  create(body: VdrRecord, options?: RequestOptions): ApiPromise<unknown>;
  update(id: string | number, patch: VdrRecord, options?: RequestOptions): ApiPromise<VdrRecord>;
  delete(id: string | number, options?: RequestOptions): ApiPromise<void>;
  idOf(record: VdrRecord): string;
  /** Ids among `ids` proven gone (404, or not matching `where`/`accept`); undefined without a get route. */
  confirmGone?(
    ids: readonly string[],
    query?: { where?: Where | string | undefined; accept?: ((record: VdrRecord) => boolean) | undefined },
    options?: RequestOptions,
  ): Promise<string[] | undefined>;
};

/**
 * The vendor's id field. A resource keeps it private, so this asks `idOf` which key it reads: the
 * VDR then follows whatever the resource definition says instead of assuming `id`.
 */
export function vendorIdField(resource: VendorResource): string {
  let key = 'id';
  const probe = new Proxy<VdrRecord>(
    {},
    {
      get: (_target, property) => {
        if (typeof property === 'string') key = property;
        return undefined;
      },
    },
  );
  resource.idOf(probe);
  return key;
}
