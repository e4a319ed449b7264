import { UserError } from '../../src/domain/errors.js';
import { umbrellaDns, umbrellaProxy, paloAltoUrl } from './formats/csv.js';
import { generic } from './formats/generic.js';
import { cloudflareGateway, netskopeEvents, zscalerNss } from './formats/json.js';
import { squidCommon, squidNative } from './formats/squid.js';
import { netskopeTransactions, w3c } from './formats/w3c.js';
import type { LogFormat } from './types.js';

/** In the order they are tried: the most specific first, the generic mapping last. */
export const FORMATS: readonly LogFormat[] = [zscalerNss, netskopeEvents, cloudflareGateway, netskopeTransactions, w3c, umbrellaDns, umbrellaProxy, paloAltoUrl, squidNative, squidCommon, generic];
export const FORMAT_NAMES = FORMATS.map((format) => format.name);

/** The format named by --format, or the first whose recogniser accepts the file's first lines. */
export function detectFormat(sample: readonly string[], forced?: string): LogFormat {
  if (forced) {
    const format = FORMATS.find((f) => f.name === forced);
    if (!format) throw new UserError(`unknown log format '${forced}'`, `Formats: ${FORMAT_NAMES.join(', ')}.`);
    return format;
  }
  return FORMATS.find((format) => format.recognise(sample)) ?? generic;
}
