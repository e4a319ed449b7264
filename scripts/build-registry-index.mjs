#!/usr/bin/env node
// Builds the offline index of registry packages whose description is about AI
// (src/catalog/registry/<ecosystem>.txt), which the dependency matcher consults when no catalog
// entry knows a package. Only names and the AI terms their summary used are kept, never the
// summaries themselves.
//
//   node scripts/build-registry-index.mjs [packages-folder]   # default /work/.library/env/packages
//   node scripts/build-registry-index.mjs --sample 100 [folder] # a reproducible random sample to label by hand
//
// The labelled sample, and the precision measured on it, is in scripts/registry-index-sample.tsv.
//
// The inputs are tab-separated lists, one package a line, with a header line naming the columns
// (npm: name, version, downloads, summary; PyPI: name, version, month, rank, summary; NuGet:
// name, version, licence, "summary [tags]", versions). The columns are found by their header.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const OUT = new URL('../src/catalog/registry/', import.meta.url);
const ECOSYSTEMS = ['npm', 'pypi', 'nuget'];

/**
 * What makes a summary "about AI". A strong term alone is enough; a weak one (a word with an
 * everyday or older meaning too: "chatbot" for rule-based Telegram bots, "Gemini" for the
 * protocol and the genomics tool, "Claude" the first name, "embedding" a C library in Python,
 * "fine-tune" a config) counts only beside a second, different term. Terms are matched on
 * whole words; the case-sensitive ones (GPT, RAG, TTS, NLP, AI) are acronyms whose lower-case
 * spellings mean other things ("rag" the cloth, "ai" in aiohttp).
 */
const STRONG = [
  ['LLM', /\bLLMs?\b/i],
  ['large language model', /\blarge[- ]language[- ]models?\b/i],
  ['GPT', /(?<![\w-])(?:Chat)?GPT(?:-?[345](?:\.\d)?o?|s)?(?![\w-])/],
  ['OpenAI', /\bOpen ?AI\b/i],
  ['Anthropic', /\bAnthropic\b/i],
  ['Claude', /\bClaude[- ](?:Code|AI|API|Desktop|Sonnet|Opus|Haiku|[234](?:\.\d)?)\b/i],
  ['Gemini', /\b(?:Google Gemini|Gemini (?:API|AI|Pro|Flash|models?|Nano))\b/i],
  ['Mistral', /\bMistral ?AI\b/i],
  ['embeddings', /\b(?:text|sentence|word|vector|document|semantic|image) embeddings?\b|\bembeddings? (?:models?|API|providers?)\b/i],
  ['retrieval-augmented', /\bretrieval[- ]augmented\b/i],
  ['RAG', /(?<![\w-])RAG(?![\w-])/],
  ['vector database', /\bvector (?:databases?|stores?|DBs?|search|index)\b/i],
  ['transformer model', /\btransformers? (?:models?|architectures?|networks?|language models?)\b|\b(?:pre-?trained|Hugging ?Face) transformers?\b/i],
  ['diffusion', /\b(?:stable|latent)[- ]diffusion\b|\bdiffusion (?:models?|pipelines?)\b/i],
  ['speech-to-text', /\bspeech[- ]to[- ]text\b|\b(?:automatic )?speech recognition\b/i],
  ['text-to-speech', /\btext[- ]to[- ]speech\b/i],
  ['AI agent', /\bAI[- ]agents?\b|\bagentic\b|\bLLM[- ]agents?\b/i],
  ['AI assistant', /\bAI[- ](?:assistants?|chat(?:bots?)?|models?|SDK|providers?|coding|code review|powered|driven|-?generated)\b/i],
  ['generative AI', /\bgen(?:erative)?[- ]?AI\b/i],
  ['conversational AI', /\bconversational AI\b/i],
  ['AI applications', /\bAI[- ](?:apps?|applications?|workflows?|features?|native)\b/i],
  ['prompt engineering', /\bprompt (?:engineering|templates?|injection|optimi[sz]ation)\b/i],
  ['inference server', /\binference (?:servers?|engines?|APIs?|endpoints?)\b|\bmodel (?:serving|inference)\b/i],
  ['machine learning', /\bmachine[- ]learning\b/i],
  ['deep learning', /\bdeep[- ]learning\b/i],
  ['neural network', /\bneural[- ]net(?:work)?s?\b/i],
  ['Model Context Protocol', /\bModel Context Protocol\b|\bMCP (?:servers?|clients?|tools?)\b/i],
  ['Hugging Face', /\bHugging ?Face\b/i],
  ['LangChain', /\bLangChain\b/i],
  ['LlamaIndex', /\bLlamaIndex\b/i],
  ['llama.cpp', /\bLlama[._-]?cpp\b/i],
  ['Ollama', /\bOllama\b/i],
  ['PyTorch', /\bPyTorch\b/i],
  ['TensorFlow', /\bTensorFlow\b/i],
  ['Keras', /\bKeras\b/i],
  ['ONNX', /\bONNX\b/i],
  ['scikit-learn', /\bscikit-learn\b/i],
  ['natural language processing', /\bnatural language processing\b|(?<![\w-])NLP(?![\w-])/],
  ['computer vision', /\bcomputer vision\b|\bobject detection\b|\bimage classification\b/i],
];
const WEAK = [
  ['chatbot', /\bchat[- ]?bots?\b/i],
  ['fine-tuning', /\bfine[- ]?tun(?:e|es|ed|ing)\b/i],
  ['Claude', /\bClaude\b/],
  ['Gemini', /\bGemini\b/],
  ['Mistral', /\bMistral\b/],
  ['embeddings', /\bembeddings\b/i],
  ['text-to-speech', /(?<![\w-])TTS(?![\w-])/],
  ['AI', /(?<![\w.-])AI(?![\w.])/],
  ['transformer', /\btransformers\b/i],
  ['Llama', /\bLlama\s?[23]?\b/],
  ['prompts', /\bprompts\b/i],
];
/** NuGet tags that say AI (the summary column ends with them in brackets, lower-cased here). */
const NUGET_TAGS = new Map([
  ['ai', 'AI'], ['llm', 'LLM'], ['llms', 'LLM'], ['openai', 'OpenAI'], ['chatgpt', 'GPT'], ['gpt', 'GPT'], ['anthropic', 'Anthropic'],
  ['machine-learning', 'machine learning'], ['machinelearning', 'machine learning'], ['deep-learning', 'deep learning'],
  ['embeddings', 'embeddings'], ['rag', 'RAG'], ['semantic-kernel', 'Semantic Kernel'], ['onnx', 'ONNX'],
  ['mcp', 'Model Context Protocol'], ['ollama', 'Ollama'], ['genai', 'generative AI'],
]);
/**
 * Tags that many ordinary packages carry too: "ml" on NumSharp and DataFrame libraries, "nlp" on
 * Microsoft's rule-based number and date recognisers. They count like weak terms.
 */
const WEAK_NUGET_TAGS = new Map([['ml', 'ML'], ['nlp', 'NLP']]);
/** Where an acronym means something else: GPT disk partitions, RAG status reports. */
const NOT_AI = /\bpartition|\bGUID\b|\bdisk\b|\bred[-, /]+amber\b/i;

/** The AI terms a summary uses, strong ones first; empty when it is not about AI. */
export function aiTerms(summary, tags = []) {
  if (!summary && tags.length === 0) return [];
  const text = summary ?? '';
  if (NOT_AI.test(text)) return [];
  const strong = new Set();
  for (const [term, pattern] of STRONG) if (pattern.test(text)) strong.add(term);
  for (const tag of tags) if (NUGET_TAGS.has(tag)) strong.add(NUGET_TAGS.get(tag));
  const weak = new Set();
  for (const [term, pattern] of WEAK) if (!strong.has(term) && pattern.test(text)) weak.add(term);
  for (const tag of tags) if (WEAK_NUGET_TAGS.has(tag)) weak.add(WEAK_NUGET_TAGS.get(tag));
  // A strong term, or two different weak ones ("AI chatbot", "fine-tune Llama").
  if (strong.size > 0) return [...strong, ...weak];
  return weak.size >= 2 ? [...weak] : [];
}

/** How the columns of each list are named in its header line. */
function columns(header) {
  const names = header.split('\t').map((name) => name.toLowerCase());
  const find = (prefix) => names.findIndex((name) => name.startsWith(prefix));
  return { name: find('name'), summary: find('summary') };
}

/** Registry names as the matcher compares them (PEP 503 for PyPI; npm and NuGet lower case). */
function normalise(ecosystem, name) {
  const lower = name.trim().toLowerCase();
  return ecosystem === 'pypi' ? lower.replace(/[-_.]+/g, '-') : lower;
}

async function* rows(folder, ecosystem) {
  const lines = createInterface({ input: createReadStream(join(folder, `${ecosystem}.tsv`)), crlfDelay: Infinity });
  let cols;
  for await (const line of lines) {
    if (!cols) {
      cols = columns(line);
      continue;
    }
    const fields = line.split('\t');
    const name = fields[cols.name]?.trim();
    if (!name) continue;
    let summary = fields[cols.summary]?.trim() ?? '';
    // "[tested here: …]" notes at the start of a summary are this workplace's, not the author's.
    summary = summary.replace(/^\[tested here:[^\]]*\]\s*/i, '');
    let tags = [];
    if (ecosystem === 'nuget') {
      const bracket = /\[([^\]]*)\]?\s*$/.exec(summary);
      if (bracket) {
        tags = bracket[1].toLowerCase().split(/[\s,;]+/).filter(Boolean);
        summary = summary.slice(0, bracket.index).trim();
      }
    }
    yield { name, summary, tags };
  }
}

/**
 * One file per ecosystem, sorted by name so that the matcher can binary-search it in place:
 * "= <n> <terms>" lines number the term lists, then one "<name> <n>" line per package.
 */
function render(ecosystem, terms, source) {
  const lists = [...new Set(terms.values())].sort();
  const number = new Map(lists.map((list, i) => [list, i]));
  const names = [...terms.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = [
    `# ${ecosystem} packages whose registry summary is about AI: ${names.length} names, with the AI terms the summary used.`,
    `# Generated by scripts/build-registry-index.mjs from ${source}; do not edit by hand.`,
    ...lists.map((list, i) => `= ${i} ${list}`),
    ...names.map((name) => `${name} ${number.get(terms.get(name))}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** A reproducible pseudo-random generator (mulberry32), so the sample can be labelled once. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main() {
  const args = process.argv.slice(2);
  const sampleAt = args.indexOf('--sample');
  const sampleSize = sampleAt >= 0 ? Number(args.splice(sampleAt, 2)[1]) : 0;
  const folder = args[0] ?? '/work/.library/env/packages';
  const next = random(42);
  // The catalog's version includes this digest, so verdicts are redone when the index changes.
  const digest = createHash('sha256');
  for (const ecosystem of ECOSYSTEMS) {
    const indexed = new Map();
    const flagged = [];
    let total = 0;
    for await (const { name, summary, tags } of rows(folder, ecosystem)) {
      total++;
      const terms = aiTerms(summary, tags);
      const key = normalise(ecosystem, name);
      if (terms.length === 0 || indexed.has(key)) continue;
      // Two terms say enough for a reviewer, and keep the numbered lists few.
      indexed.set(key, terms.slice(0, 2).join(', '));
      if (sampleSize) flagged.push({ name, summary, terms });
    }
    if (sampleSize) {
      // Partial Fisher–Yates: the first sampleSize places hold a uniform random sample.
      for (let i = 0; i < Math.min(sampleSize, flagged.length); i++) {
        const j = i + Math.floor(next() * (flagged.length - i));
        [flagged[i], flagged[j]] = [flagged[j], flagged[i]];
        const { name, summary, terms } = flagged[i];
        process.stdout.write(`${ecosystem}\t${name}\t${terms.join(', ')}\t${summary.slice(0, 160)}\n`);
      }
      continue;
    }
    mkdirSync(OUT, { recursive: true });
    const text = render(ecosystem, indexed, `${ecosystem}.tsv`);
    writeFileSync(new URL(`${ecosystem}.txt`, OUT), text);
    digest.update(ecosystem).update('\0').update(text);
    process.stderr.write(`${ecosystem}: ${indexed.size} of ${total} packages indexed\n`);
  }
  if (!sampleSize) writeFileSync(new URL('digest.txt', OUT), `${digest.digest('hex')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
