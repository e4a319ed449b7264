import { seededRandom } from '../../helpers/random.js';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Writes a realistic card export: a Ramp-like header, store numbers and cities on everyday
 * merchants (so there are tens of thousands of distinct descriptors, as in real files),
 * quoted fields with commas, and about `aiShare` of rows from AI vendors. Deterministic.
 */
export async function generateExpenseCsv(path: string, rows: number, aiShare = 0.02): Promise<void> {
  const { random, pick } = seededRandom(42);
  const everyday = ['STARBUCKS STORE', 'UBER *TRIP', 'DELTA AIR LINES', 'MARRIOTT', 'SHELL OIL', 'CHIPOTLE', 'STAPLES', 'LYFT *RIDE', 'WHOLEFDS', 'HILTON HOTELS',
    'AMAZON MKTPL*', 'TARGET', 'WALGREENS', 'COSTCO WHSE', 'HOME DEPOT', 'BEST BUY', 'FEDEX OFFICE', 'USPS PO', 'PANERA BREAD', 'SWEETGREEN',
    'ANTHROPOLOGIE', 'OTTERBOX', 'GEMINI TRUST CO', 'DOORDASH*', 'GRUBHUB*', 'ZOOM.US', 'SLACK', 'DROPBOX*', 'ADOBE *', 'LINKEDIN'];
  const cities = ['SEATTLE WA', 'NEW YORK NY', 'AUSTIN TX', 'SAN FRANCISCO CA', 'BOSTON MA', 'CHICAGO IL', 'DENVER CO', 'LONDON GB'];
  const ai = ['OPENAI *CHATGPT SUBSCR', 'ANTHROPIC, PBC', 'CLAUDE.AI SUBSCRIPTION', 'MIDJOURNEY INC.', 'OTTER.AI', 'PERPLEXITY.AI', 'CURSOR, AI POWERED IDE',
    'ELEVENLABS.IO', 'FIREFLIES.AI', 'PAYPAL *OPENAI', 'JASPER.AI', 'RUNWAYML.COM', 'SYNTHESIA.IO', 'GAMMA.APP', 'HEYGEN TECHNOLOGY'];
  const people = Array.from({ length: 2000 }, (_, i) => `Employee ${i}`);
  const out = createWriteStream(path);
  out.write('Transaction ID,User Transaction Time,Merchant Descriptor,Amount,Currency Code,User,SK Category Name,Memo\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const isAi = random() < aiShare;
    const merchant = isAi ? pick(ai) : `${pick(everyday)} ${String(Math.floor(random() * 3000)).padStart(5, '0')} ${pick(cities)}`;
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    const amount = (random() * 500).toFixed(2);
    const memo = random() < 0.1 ? '"lunch, team"' : '';
    chunk += `tx${i},2026-${month}-${day}T10:00:00Z,"${merchant}",${amount},USD,${pick(people)},${isAi ? 'Software' : 'Travel'},${memo}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
