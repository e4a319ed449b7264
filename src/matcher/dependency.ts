import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import type { Ecosystem } from '../domain/taxonomy.js';
import { normalisePackage, type PackageFamily, packageFamilies } from './normalise.js';
import { possibleAi } from './possible-ai.js';
import { label, matched, NO_MATCH, PLATFORMS, productBase } from './result.js';

export type DependencyMatcher = (input: MatchInputOf<'dependency'>) => MatchResult;

/**
 * Where a package name is cut to find its family. npm cuts at '/' for scopes and '-' for
 * prefixes, Maven at ':' for groups and '-' for artifacts, so both are tried; the others have one
 * separator each.
 */
const FAMILY_SEPARATORS: Record<Ecosystem, string> = { npm: '-/', pypi: '-', nuget: '.', go: '/', maven: '-:', cargo: '-', rubygems: '-' };

/**
 * Packages: exact names as each registry compares them (PEP 503, npm scopes, Go module paths
 * without /vN, Maven group:artifact), then families of a catalog package (`@langchain/openai`,
 * `llama-index-llms-openai`, `Microsoft.SemanticKernel.Connectors.OpenAI`) at a lower
 * confidence. `notAi` packages (openapi-typescript, aiohttp) are never matched.
 */
/** The scope is the entry's company, and the company is its product (not Notion for Notion MCP). */
function isCompanyScope(scope: string, entry: CatalogEntry): boolean {
  // A product named by its package (@napi-rs/whisper) is one package of a scope others share.
  if (entry.product.trim().startsWith('@')) return false;
  const company = entry.vendor.toLowerCase().replace(/[^a-z0-9]/g, '');
  const product = productBase(entry.product).toLowerCase().replace(/[^a-z0-9]/g, '');
  const name = scope.slice(1, -1).replace(/[^a-z0-9]/g, '');
  return company.length >= 4 && company === product && name.startsWith(company);
}

/**
 * Crates and gems named after their product open the product's family once the entry lists three
 * of them: Candle's `candle-core`, `candle-nn` and `candle-kernels` make `candle-rotary` and
 * `candle-layer-norm` (published from Hugging Face's extension repositories) Candle's too. Only
 * where the product is one word of its own and the registry has no scopes or groups to go by;
 * PyPI and npm names already open a family each.
 */
const PRODUCT_FAMILY_ECOSYSTEMS = new Set<Ecosystem>(['cargo', 'rubygems']);

function productFamily(entry: CatalogEntry, ecosystem: Ecosystem, normalised: string): PackageFamily[] {
  if (!PRODUCT_FAMILY_ECOSYSTEMS.has(ecosystem)) return [];
  // "mistral.rs" names its crates mistralrs-*.
  const base = productBase(entry.product).toLowerCase();
  const word = base.replace(/[^a-z0-9]/g, '');
  if (/\s/.test(base) || word.length < 4 || PLATFORMS.has(word.toUpperCase())) return [];
  return normalised.startsWith(`${word}-`) ? [{ prefix: `${word}-`, minimum: 3 }] : [];
}

/**
 * A service's client for one language is named after the service and that language
 * ("elevenlabs-go", "elevenlabs_rs", "firecrawl-go") or after the service and what a client
 * calls itself ("novita-sdk", "mistralai-client", "deepseek-api"): community ports the catalog
 * cannot list one by one. Only the ecosystem's own language counts: "-js" on npm is every other
 * package.
 */
const OWN_LANGUAGE: Record<Ecosystem, string[]> = {
  npm: [], pypi: ['py', 'python'], go: ['go', 'golang'], maven: ['java', 'jvm', 'kotlin', 'kt', '4j'], nuget: ['net', 'dotnet', 'csharp', 'sharp'],
  rubygems: ['ruby', 'rb'], cargo: ['rs', 'rust'],
};
/** Short brands are too often words: a port is read only for a brand this long. */
const PORT_BRAND_LENGTH = 6;
/**
 * Brands of listed SDKs that are English words or a programmer's term: "go-whisper" is Graphite's
 * time-series format, "chroma-go" a syntax highlighter's, "go-client-codegen" Aiven's generated
 * client. (Read off the brands the catalog's SDKs give, December 2026.)
 */
const WORD_BRANDS = new Set([
  'accelerate', 'context', 'chroma', 'determined', 'infinity', 'instructor', 'lightning', 'lightly', 'needle', 'outlines', 'replicate', 'sacred',
  'sapling', 'shortest', 'spider', 'stability', 'together', 'transformers', 'triton', 'vectorize', 'whisper', 'writer', 'swarms', 'guardrails',
  'recommenders', 'galileo', 'neptune', 'latitude', 'petals', 'compel', 'evidently', 'mentat', 'resemble', 'synaptic', 'sourcery', 'linkup',
  'codegen',
]);

/** Words a listed SDK's name may have beside its brand. */
const SDK_AFFIXES = new Set([...Object.values(OWN_LANGUAGE).flat(), 'js', 'node', 'ts', 'sdk', 'api', 'client', 'official']);

/** A package's own name, without its Go host and owner, Maven group or npm scope, in words. */
function ownWords(ecosystem: Ecosystem, normalised: string): string[] {
  const own = ecosystem === 'go' ? normalised.split('/').slice(2).join('/') : ecosystem === 'maven' ? normalised.slice(normalised.indexOf(':') + 1) : normalised.replace(/^@[^/]+\//, '');
  return own.split(/[^a-z0-9]+/).filter(Boolean);
}

/** A listed SDK's brand: its name less language and SDK words ("firecrawl-py" → "firecrawl"). */
function sdkBrand(ecosystem: Ecosystem, normalised: string): string | undefined {
  const kept = ownWords(ecosystem, normalised).filter((word) => !SDK_AFFIXES.has(word));
  return kept.length > 0 && kept.length <= 2 ? kept.join('') : undefined;
}

/** The name a package would have without its language or "sdk" ("github.com/haguro/elevenlabs-go" → "elevenlabs"), if it has either. */
function portBrand(ecosystem: Ecosystem, normalised: string): { brand: string; affix: string } | undefined {
  const words = ownWords(ecosystem, normalised);
  // "mistralai-client", "deepseek-api", "weaviate-community": what a client calls itself.
  const affixes = new Set([...OWN_LANGUAGE[ecosystem], 'sdk', 'client', 'api', 'community']);
  const kept = words.filter((word) => !affixes.has(word));
  if (kept.length === words.length || kept.length === 0 || kept.length > 2) return undefined;
  return { brand: kept.join(''), affix: words.find((word) => affixes.has(word))! };
}

/** Registries whose bare names are rarely taken by another project (npm's and PyPI's often are). */
const BARE_NAME_ECOSYSTEMS = new Set<Ecosystem>(['nuget', 'cargo', 'rubygems', 'maven', 'go']);

/** A package's name as another registry would write it, if it has several words: npm's scope joins it. */
function crossName(ecosystem: Ecosystem, normalised: string): string | undefined {
  const words = ecosystem === 'npm' ? normalised.replace(/^@/, '').split(/[^a-z0-9]+/) : ownWords(ecosystem, normalised);
  const kept = words.filter(Boolean);
  return kept.length >= 2 && kept.join('').length >= 8 ? kept.join('-') : undefined;
}

/** Words of an integration's name that say what kind it is, not which service it reaches. */
const INTEGRATION_WORDS = new Set([
  'starter', 'model', 'models', 'llm', 'llms', 'embedding', 'embeddings', 'vector', 'vectorstore', 'vectorstores', 'store', 'stores', 'retriever',
  'retrievers', 'reader', 'readers', 'tools', 'tool', 'chat', 'provider', 'providers', 'connector', 'connectors', 'integration', 'community', 'client',
  'memory', 'callbacks', 'loader', 'loaders', 'postprocessor', 'rerank', 'multi', 'modal', 'multimodal', 'spring', 'boot', 'autoconfigure',
]);

/** A name's letters, with and without a closing "ai" ("Novita AI" is "novitaai" and "novita"), at least `min` long. */
function brandKeys(name: string, min: number): string[] {
  const all = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return [...new Set([all, all.replace(/ai$/, '')])].filter((key) => key.length >= min);
}

/** Gives `key` to `entry`, or to nobody (null) once an entry that is not the `same` holds it. */
function claim(map: Map<string, CatalogEntry | null>, key: string, entry: CatalogEntry, same = (a: CatalogEntry, b: CatalogEntry) => a === b): void {
  const known = map.get(key);
  map.set(key, known === undefined || (known !== null && same(known, entry)) ? (known ?? entry) : null);
}

const packageCount = (entry: CatalogEntry) => Object.values(entry.fingerprints.packages).reduce((sum, list) => sum + (list?.length ?? 0), 0);

/** PyPI's CUDA builds name their CUDA version last: nvidia-cudnn-cu12, faiss-gpu-cu11. */
const CUDA_BUILD = /^(.+)-cu\d{2,3}$/;

export function compileDependencyMatcher(catalog: Catalog): DependencyMatcher {
  const exact = new Map<string, CatalogEntry | null>();
  // A package built per CUDA version (nvidia-cudnn-cu12), by its name without the version.
  const cudaBuilds = new Map<string, { entry: CatalogEntry; package: string }>();
  // family → entry → how many of the entry's packages open it, and one of them for the reason
  const candidates = new Map<string, Map<CatalogEntry, { count: number; minimum: number; package: string }>>();
  // Every listed package once, normalised, for the indexes below.
  const listed: { entry: CatalogEntry; ecosystem: Ecosystem; normalised: string }[] = [];
  for (const entry of catalog.entries) {
    for (const [ecosystem, names] of Object.entries(entry.fingerprints.packages) as [Ecosystem, string[]][]) {
      for (const name of names) {
        const normalised = normalisePackage(ecosystem, name);
        listed.push({ entry, ecosystem, normalised });
        exact.set(`${ecosystem}:${normalised}`, entry);
        const cuda = ecosystem === 'pypi' ? CUDA_BUILD.exec(normalised) : null;
        if (cuda) cudaBuilds.set(cuda[1]!, { entry, package: name });
        for (const family of [...packageFamilies(ecosystem, normalised), ...productFamily(entry, ecosystem, normalised)]) {
          const familyKey = `${ecosystem}:${family.prefix}`;
          const owners = candidates.get(familyKey) ?? new Map();
          candidates.set(familyKey, owners);
          // An AI company's own npm scope (@mastra for Mastra) is its family from one package on.
          const minimum = family.prefix.startsWith('@') && isCompanyScope(family.prefix, entry) ? 1 : family.minimum;
          const owner = owners.get(entry) ?? { count: 0, minimum, package: name };
          owner.count++;
          owners.set(entry, owner);
        }
      }
    }
  }
  // A family belongs to the entry that lists most of its packages (LangChain, not LangGraph,
  // owns @langchain/*), and only once it lists enough of them.
  const families = new Map<string, { entry: CatalogEntry; package: string; integrations?: true }>();
  for (const [familyKey, owners] of candidates) {
    let best: [CatalogEntry, { count: number; minimum: number; package: string }] | undefined;
    for (const owner of owners) if (!best || owner[1].count > best[1].count) best = owner;
    if (best && best[1].count >= best[1].minimum) families.set(familyKey, { entry: best[0], package: best[1].package });
  }
  // A framework whose integrations the catalog lists under the service they reach
  // (langchain-openai is OpenAI's, llama-index-llms-mistralai Mistral's): its unlisted ones too.
  const listedElsewhere = new Map<string, number>();
  for (const { entry, ecosystem, normalised } of listed) {
    const separators = FAMILY_SEPARATORS[ecosystem];
    for (let at = 1; at < normalised.length - 1; at++) {
      if (!separators.includes(normalised[at]!)) continue;
      const familyKey = `${ecosystem}:${normalised.slice(0, at + 1)}`;
      const family = families.get(familyKey);
      if (family && family.entry !== entry) listedElsewhere.set(familyKey, (listedElsewhere.get(familyKey) ?? 0) + 1);
    }
  }
  for (const [familyKey, count] of listedElsewhere) if (count >= 2) families.get(familyKey)!.integrations = true;
  // Services by the letters of their product's name ("siliconflow", "githubmodels"), or of their
  // company's where one of the company's entries lists SDKs ("stability" for Stability AI's API;
  // Hugging Face, with several, says none of them). A name that two entries share is nobody's.
  const services = new Map<string, CatalogEntry | null>();
  const eligible = catalog.entries.filter((entry) => entry.category !== 'saas_ai_addon' && entry.category !== 'ml_framework');
  const ofVendor = new Map<string, CatalogEntry[]>();
  for (const entry of eligible) ofVendor.set(entry.vendor, [...(ofVendor.get(entry.vendor) ?? []), entry]);
  for (const entry of eligible) for (const key of brandKeys(productBase(entry.product), 4)) claim(services, key, entry);
  for (const [vendor, entries] of ofVendor) {
    if (PLATFORMS.has(vendor.toUpperCase())) continue;
    const withSdks = entries.filter((entry) => packageCount(entry) > 0);
    if (withSdks.length !== 1) continue;
    for (const key of brandKeys(vendor, 4)) if (!services.has(key)) services.set(key, withSdks[0]!);
  }
  /** The service an integration's name reaches, read from what follows the family's prefix. */
  const serviceOf = (family: string, rest: string): CatalogEntry | undefined => {
    const own = new Set(family.split(/[^a-z0-9]+/));
    const words = rest.split(/[^a-z0-9]+/).filter((word) => word && !own.has(word));
    // The whole rest first ("github-models" is GitHub Models), then without the kind's words.
    for (const named of [words, words.filter((word) => !INTEGRATION_WORDS.has(word))]) {
      const service = named.length > 0 && named.length <= 3 ? services.get(named.join('')) : undefined;
      if (service) return service;
    }
    return undefined;
  };
  // The brands of SDKs the catalog lists, where the SDK is named after its company or product
  // and nothing else but a language or "sdk" ("elevenlabs", "firecrawl-py", "novita-client"):
  // ports to other languages are that product's. Not a company's name alone: Sentry's MCP server
  // is AI, sentry-go is not. Where two vendors share a brand it is nobody's.
  const brands = new Map<string, CatalogEntry | null>();
  const sellsMore = new Set((catalog.vendors ?? []).map((vendor) => vendor.name));
  const sameVendor = (a: CatalogEntry, b: CatalogEntry) => a.vendor === b.vendor;
  for (const { entry, ecosystem, normalised } of listed) {
    // A company that sells more than AI names more than AI (Vercel, Cloudflare).
    if (PLATFORMS.has(entry.vendor.toUpperCase()) || entry.category === 'saas_ai_addon' || sellsMore.has(entry.vendor)) continue;
    const brand = sdkBrand(ecosystem, normalised);
    if (!brand || brand.length < PORT_BRAND_LENGTH || WORD_BRANDS.has(brand)) continue;
    if ([entry.vendor, productBase(entry.product)].some((name) => brandKeys(name, 1).includes(brand))) claim(brands, brand, entry, sameVendor);
  }
  // AI companies by their name's letters, for an npm scope or a Go owner of theirs that no listed
  // package opens yet ("@symblai/…", "github.com/deepgram/…"): the company's entry with most SDKs
  // listed, or its only one. Companies that sell AI services only: open-source organisations
  // publish much else under their name (github.com/cloudwego, @opentelemetry), and so do
  // platforms and companies that sell more than AI. Never a word.
  const companies = new Map<string, CatalogEntry | null>();
  const byCompany = new Map<string, CatalogEntry[]>();
  for (const entry of catalog.entries) {
    if (!PLATFORMS.has(entry.vendor.toUpperCase()) && !sellsMore.has(entry.vendor)) byCompany.set(entry.vendor, [...(byCompany.get(entry.vendor) ?? []), entry]);
  }
  const publishesMore = (entry: CatalogEntry) => entry.category === 'saas_ai_addon' || entry.category === 'ml_framework' || entry.category === 'agent_automation';
  for (const [vendor, entries] of byCompany) {
    if (entries.some(publishesMore)) continue;
    const ranked = [...entries].sort((a, b) => packageCount(b) - packageCount(a));
    const chosen = ranked.length === 1 || packageCount(ranked[0]!) > packageCount(ranked[1]!) ? ranked[0]! : undefined;
    if (!chosen) continue;
    for (const key of brandKeys(vendor.replace(/\(.*?\)/g, ''), PORT_BRAND_LENGTH)) if (!WORD_BRANDS.has(key)) claim(companies, key, chosen);
  }
  // Listed SDKs by a name other registries would give the same package: several words
  // ("dify-client", npm's "@stripe/agent-toolkit" as "stripe-agent-toolkit"), a name nobody else
  // takes by chance. Where two entries share one it is nobody's.
  const crossNames = new Map<string, CatalogEntry | null>();
  for (const { entry, ecosystem, normalised } of listed) {
    const key = crossName(ecosystem, normalised);
    if (key) claim(crossNames, key, entry);
  }
  for (const suppression of catalog.notAi) {
    for (const [ecosystem, names] of Object.entries(suppression.packages) as [Ecosystem, string[]][]) {
      for (const name of names) exact.set(`${ecosystem}:${normalisePackage(ecosystem, name)}`, null);
    }
  }

  // Read now, at compile time: matching never touches a file.
  const described = new Map<Ecosystem, (name: string) => string | undefined>();
  for (const ecosystem of Object.keys(FAMILY_SEPARATORS) as Ecosystem[]) {
    const lookup = catalog.registry?.lookup(ecosystem);
    if (lookup) described.set(ecosystem, lookup);
  }

  return (dependency) => {
    const ecosystem = dependency.ecosystem;
    const name = normalisePackage(ecosystem, dependency.name);
    const found = exact.get(`${ecosystem}:${name}`);
    if (found === null) return NO_MATCH;
    if (found) return matched(found, 0.99, [`${ecosystem} package '${dependency.name.trim()}' is an SDK of ${label(found)}`]);
    const cuda = ecosystem === 'pypi' ? CUDA_BUILD.exec(name) : null;
    const build = cuda ? cudaBuilds.get(cuda[1]!) : undefined;
    if (build) {
      return matched(build.entry, 0.95, [`pypi package '${dependency.name.trim()}' is another CUDA build of '${build.package}', an SDK of ${label(build.entry)}`]);
    }
    // Longest family first: "llama-index-llms-" before "llama-".
    const separators = FAMILY_SEPARATORS[ecosystem];
    for (let at = name.length - 2; at > 0; at--) {
      if (!separators.includes(name[at]!)) continue;
      const candidate = name.slice(0, at + 1);
      const family = families.get(`${ecosystem}:${candidate}`);
      const service = family?.integrations ? serviceOf(candidate, name.slice(candidate.length)) : undefined;
      if (family && service && service !== family.entry) {
        return matched(service, 0.8, [
          `${ecosystem} package '${dependency.name.trim()}' is an integration of ${label(family.entry)} ('${candidate}' family) with ${label(service)}, whose name follows the prefix`,
        ]);
      }
      if (family) {
        return matched(family.entry, 0.85, [
          `${ecosystem} package '${dependency.name.trim()}' belongs to the '${candidate}' family of '${family.package}', an SDK of ${label(family.entry)}`,
        ]);
      }
    }
    const shown = dependency.name.trim();
    const cross = crossName(ecosystem, name);
    const listedElsewhereAs = cross ? crossNames.get(cross) : undefined;
    if (listedElsewhereAs) return matched(listedElsewhereAs, 0.85, [`${ecosystem} package '${shown}' has the name of an SDK of ${label(listedElsewhereAs)} in another registry`]);
    // An SDK, by its words, published under an AI company's name: a scope or an owner publishes
    // other things too (@replit/codemirror-vim).
    const home = ecosystem === 'npm' ? /^@([^/]+)\//.exec(name)?.[1] : ecosystem === 'go' ? name.split('/')[1] : undefined;
    const sdkNamed = home !== undefined && ownWords(ecosystem, name).some((word) => SDK_AFFIXES.has(word) || word === 'provider');
    const company = home && sdkNamed ? companies.get(home.replace(/[^a-z0-9]/g, '')) : undefined;
    if (home && company) return matched(company, 0.8, [`${ecosystem} package '${shown}' is published under '${home}', the name of ${company.vendor}, whose products in the catalog are AI (${label(company)})`]);
    // Registries where a bare name is rarely squatted: "AssemblyAI" on NuGet is AssemblyAI's.
    const bare = BARE_NAME_ECOSYSTEMS.has(ecosystem) ? ownWords(ecosystem, name).join('') : undefined;
    const bareBrand = bare ? brands.get(bare) : undefined;
    if (bareBrand) return matched(bareBrand, 0.8, [`${ecosystem} package '${shown}' is named '${bare}', as the SDKs of ${label(bareBrand)} are`]);
    const port = portBrand(ecosystem, name);
    const ported = port ? brands.get(port.brand) : undefined;
    if (port && ported) {
      return matched(ported, 0.8, [`${ecosystem} package '${shown}' is named '${port.brand}' with '${port.affix}', as a port of the SDKs of ${label(ported)} to this language is`]);
    }
    // The catalog is silent: the name's form and the registry's description may still say AI.
    const signals: string[] = [];
    // A Go module or Maven artifact whose own name is one generic AI word alone is as often
    // something else ("github.com/rekby/gpt" is a partition table library), as a package of that
    // name is; a provider's name ("github.com/eino-contrib/ollama") is that provider's client.
    const own = ecosystem === 'go' || ecosystem === 'maven' ? ownWords(ecosystem, name) : undefined;
    const word = own?.length === 1 && GENERIC_AI_WORDS.has(own[0]!.replace(/\d+$/, '')) ? undefined : aiPackageWord(name);
    if (word) signals.push(`${ecosystem} package '${shown}' has '${word}' in its name, which suggests an AI SDK or tool in no catalog entry`);
    const terms = described.get(ecosystem)?.(name);
    if (terms) signals.push(`${ecosystem} package '${shown}': its registry description is about AI: ${terms}`);
    return signals.length > 0 ? possibleAi(shown, shown, signals) : NO_MATCH;
  };
}

/**
 * Words of a package name that say AI: a provider ("…-openai", "…-anthropic"), a model kind
 * ("…-llm", "…-gpt"), an AI framework or protocol ("langchain-…", "mcp-…"), a technique
 * ("…-embeddings", "…-rag"), or "ai" beside another word ("vue-ai", "ai-sdk-…"). Whole words of
 * the name only: "openapi", "aiohttp" and "dragon" say nothing. Measured on the npm list: of the
 * names with such a word whose registry summary is not about AI, most are AI packages without a
 * summary (provider adapters, plugins of AI frameworks).
 */
const AI_PACKAGE_WORDS = new Set([
  'openai', 'anthropic', 'claude', 'llm', 'llms', 'gpt', 'chatgpt', 'genai', 'agentic', 'langchain', 'langgraph', 'llamaindex', 'llama', 'ollama',
  'vllm', 'gguf', 'embeddings', 'rag', 'mcp', 'huggingface', 'diffusers', 'tiktoken', 'vertexai', 'autogen',
]);

/** Provider names glued to a suffix ("openai4j", "anthropicclient", "claudette"): long enough that no ordinary word starts with them. */
const GLUED_PROVIDERS = ['openai', 'anthropic', 'claude', 'ollama', 'langchain', 'langgraph', 'llamaindex'];

/** AI words that are not a provider's or a framework's name. */
const GENERIC_AI_WORDS = new Set(['llm', 'llms', 'gpt', 'genai', 'agentic', 'llama', 'embeddings', 'rag', 'mcp', 'gguf']);

export function aiPackageWord(normalised: string): string | undefined {
  const words = normalised.split(/[^a-z0-9]+/).filter(Boolean);
  // A name that is one AI word and nothing else is as often something else: cargo's and npm's
  // "gpt" are GUID partition tables, PyPI's "llama" a latency matrix.
  if (words.length === 1 && AI_PACKAGE_WORDS.has(words[0]!.replace(/\d+$/, ''))) return undefined;
  // "model-context-protocol-rb": MCP spelled out.
  const spelled = words.join(' ');
  if (spelled.includes('model context protocol')) return 'model-context-protocol';
  for (const [i, word] of words.entries()) {
    // "go-gpt3", "llama3-server": a model's generation after its name.
    const bare = word.replace(/\d+$/, '');
    // "autogen-agentchat" is AutoGen's; "swagger-autogen" generates API docs.
    if (AI_PACKAGE_WORDS.has(bare) && (bare !== 'autogen' || i === 0)) return word;
    // Glued forms: "gptcache", "autogpt", "llmware", "allms", "openai4j" ("llmnr" is a name-resolution protocol).
    if (word.length >= 5 && (word.startsWith('gpt') || word.endsWith('gpt') || word.endsWith('llms') || (word.startsWith('llm') && word !== 'llmnr'))) return word;
    if (GLUED_PROVIDERS.some((provider) => word.startsWith(provider))) return word;
  }
  // "ai" in an npm scope is often a company's ".ai" domain (@kontent-ai is a CMS): only the package's own name counts.
  const own = normalised.startsWith('@') ? normalised.slice(normalised.indexOf('/') + 1).split(/[^a-z0-9]+/) : words;
  return words.length >= 2 && own.includes('ai') ? 'ai' : undefined;
}
