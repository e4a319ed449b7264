import type { Page } from '../../../src/domain/connector.js';
import { graphGet, session, type M365Runtime } from '../graph.js';
import { collectionSchema, normaliseSubscribedSkus, subscribedSkuSchema, type SubscribedSku } from '../normalise.js';
import { PERMISSIONS } from '../options.js';

/** GET /subscribedSkus: not paged by Graph; `$select` trims service plans we do not store. */
export const SKUS_PATH = '/subscribedSkus?$select=skuId,skuPartNumber,consumedUnits,prepaidUnits,capabilityStatus';

/** The tenant's subscribed SKUs, fetched once per session (runtime). */
export async function subscribedSkus(runtime: M365Runtime): Promise<SubscribedSku[]> {
  const current = session(runtime);
  if (!current.skus) {
    const response = await graphGet(runtime, SKUS_PATH, collectionSchema(subscribedSkuSchema), [PERMISSIONS.skus]);
    current.skus = response.value;
  }
  return current.skus;
}

/** Stream `skus`: one `licence` observation per subscribed SKU (seats bought and used). One page. */
export async function fetchSkusPage(runtime: M365Runtime): Promise<Page> {
  return { observations: normaliseSubscribedSkus(await subscribedSkus(runtime)), next: null };
}
