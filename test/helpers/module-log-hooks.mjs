// Module loader hooks (run on the loader's own thread): every module a process loads, one URL
// per line, appended to the file named by UNSHADOW_TEST_MODULE_LOG.
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  appendFileSync(process.env.UNSHADOW_TEST_MODULE_LOG, `${url}\n`);
  return nextLoad(url, context);
}
