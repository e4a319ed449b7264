import { seededRandom } from '../../helpers/random.js';
import type { MatchInput } from '../../../src/domain/observation.js';

/**
 * A deterministic mix of observations shaped like real scans: card descriptors with store
 * numbers, cities and processor prefixes (almost every one distinct), OAuth apps with scopes,
 * licence SKUs, manifest dependencies and GitHub Apps; about one in ten is AI.
 */
export function generateObservations(count: number): MatchInput[] {
  const { random, pick } = seededRandom(7);
  const shops = ['STARBUCKS STORE', 'UBER *TRIP', 'DELTA AIR LINES', 'MARRIOTT', 'SHELL OIL', 'SQ *BLUE BOTTLE', 'TST* JOES PIZZA', 'AMZN MKTP US*', 'ANTHROPOLOGIE', 'OTTERBOX', 'GEMINI TRUST CO', 'PAYPAL *EBAY', 'WHOLEFDS MKT', 'LYFT *RIDE'];
  const aiShops = ['OPENAI *CHATGPT SUBSCR', 'ANTHROPIC, PBC', 'CLAUDE.AI SUBSCRIPTION', 'MIDJOURNEY INC.', 'PAYPAL *OPENAI', 'OTTER.AI', 'PERPLEXITY.AI', 'CURSOR, AI POWERED IDE', 'ELEVENLABS.IO'];
  const cities = ['SEATTLE WA', 'NEW YORK NY', 'AUSTIN TX', 'SAN FRANCISCO CA', 'LONDON GB', 'DUBLIN IE'];
  const apps = ['Zoom', 'Slack', 'Calendly', 'DocuSign', 'Dropbox', 'Trello', 'Miro', 'Mailchimp', 'Airtable', 'HubSpot Sales', 'Loom', 'Asana'];
  const aiApps = ['ChatGPT', 'Otter.ai', 'Fireflies.ai', 'Read AI', 'Grammarly', 'Claude', 'MeetingGPT Notes'];
  const scopes = [['openid', 'email', 'profile'], ['https://www.googleapis.com/auth/drive'], ['Mail.Read', 'offline_access', 'User.Read'], ['https://www.googleapis.com/auth/calendar.readonly']];
  const skus = ['ENTERPRISEPACK', 'SPE_E5', 'POWER_BI_PRO', 'EMS', 'Microsoft_365_Copilot', 'FLOW_FREE', 'Teams_Premium', 'copilot_business'];
  const packages: [MatchInput & { kind: 'dependency' } extends { attributes: infer A } ? A extends { ecosystem: infer E } ? E : never : never, string][] = [
    ['npm', 'react'], ['npm', 'express'], ['npm', 'lodash'], ['npm', 'openapi-typescript'], ['npm', 'openai'], ['npm', '@anthropic-ai/sdk'], ['npm', '@langchain/core'],
    ['pypi', 'requests'], ['pypi', 'numpy'], ['pypi', 'aiohttp'], ['pypi', 'Django'], ['pypi', 'langchain_openai'], ['pypi', 'torch'], ['pypi', 'llama-index-readers-file'],
    ['go', 'github.com/gin-gonic/gin'], ['go', 'github.com/sashabaranov/go-openai'], ['maven', 'org.springframework:spring-core'], ['nuget', 'Newtonsoft.Json'], ['cargo', 'serde'],
  ];
  const githubApps = ['dependabot', 'renovate', 'codecov', 'vercel', 'netlify', 'coderabbitai', 'sonarcloud', 'linear'];
  // A client id belongs to an app: every user's grant to the same app carries the same one.
  const clientIds = new Map([...apps, ...aiApps].map((app) => [app, `${Math.floor(random() * 1e12)}-${app.length}abc.apps.googleusercontent.com`]));
  const observations: MatchInput[] = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    const ai = random() < 0.1;
    if (r < 0.4) {
      const merchant = ai ? pick(aiShops) : `${pick(shops)} ${String(Math.floor(random() * 9000) + 100)} ${pick(cities)}`;
      observations.push({ kind: 'expense', attributes: { merchant } });
    } else if (r < 0.6) {
      const appName = ai ? pick(aiApps) : pick(apps);
      observations.push({
        kind: 'oauth_grant',
        attributes: { provider: 'google', appName, appId: clientIds.get(appName)!, scopes: pick(scopes) },
      });
    } else if (r < 0.65) {
      observations.push({ kind: 'licence', attributes: { provider: 'microsoft', skuId: `sku-${Math.floor(random() * 50)}`, skuName: pick(skus) } });
    } else if (r < 0.95) {
      const [ecosystem, name] = pick(packages);
      observations.push({ kind: 'dependency', attributes: { ecosystem, name } });
    } else {
      const slug = pick(githubApps);
      observations.push({ kind: 'app_install', attributes: { provider: 'github', slug, name: slug } });
    }
  }
  return observations;
}
