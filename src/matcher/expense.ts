import type { Catalog, CatalogEntry } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import { compileMemoMatcher } from './memo.js';
import { type Alias, ambiguityOf, NameIndex } from './name-index.js';
import { aiDomains, type DescriptorTokens, descriptorTokens, meaningfulTokens, type NormalisedDescriptor, productPart, type ProductPart, tokens } from './normalise.js';
import { aiWordIn, aiWordsInText, categoryFit, notAToolIn, possibleAi, priceLike } from './possible-ai.js';
import { aliasStrength, label, matched, NO_MATCH, PLATFORMS, productBase } from './result.js';
import type { TokenHit } from './token-index.js';

/** A token that ends in AI glued to a name of four letters or more: "PERPLEXITYAI". */
function hasGluedAi(tokenList: readonly string[]): boolean {
  for (const token of tokenList) if (token.length >= 6 && token.endsWith('AI')) return true;
  return false;
}

function unglued(tokenList: readonly string[]): string[] {
  return tokenList.flatMap((token) => (token.length >= 6 && token.endsWith('AI') ? [token.slice(0, -2), 'AI'] : [token]));
}

/** Words ending in AI that are places and things, not a name glued to ".AI". */
const NOT_GLUED_AI = new Set(['SHANGHAI', 'MUMBAI', 'CHENNAI', 'SAMURAI', 'BONSAI', 'BANZAI', 'HAWAI', 'VERSAI', 'PAPAI', 'ZHUHAI']);

/**
 * Words of a descriptor that name another kind of business: where a name the AI product
 * shares sits beside one of them ("JASPER KITCHEN & BAR", "HARVEY LUMBER & SUPPLY"), the
 * charge is that business's.
 */
const BUSINESS_WORDS = new Set([
  'KITCHEN', 'BAR', 'CAFE', 'COFFEE', 'RESTAURANT', 'BISTRO', 'GRILL', 'PIZZA', 'PIZZERIA', 'SUSHI', 'BAKERY', 'BAKEHOUSE', 'DELI', 'PUB', 'TAVERN',
  'LOUNGE', 'DINER', 'HOTEL', 'INN', 'MOTEL', 'LODGE', 'RESORT', 'SPA', 'SALON', 'BARBER', 'LUMBER', 'SUPPLY', 'HARDWARE', 'MARKET', 'GROCERY',
  'FLORIST', 'BOUTIQUE', 'APPAREL', 'CLOTHING', 'SHOES', 'AUTO', 'CARS', 'CAR', 'MOTORS', 'TIRE', 'GARAGE', 'WASH', 'FUEL', 'PHARMACY', 'CLINIC',
  'DENTAL', 'HEALTH', 'CHURCH', 'SCHOOL', 'COLLEGE', 'UNIVERSITY', 'MUSEUM', 'THEATRE', 'THEATER', 'CINEMA', 'GYM', 'FITNESS', 'TOURS', 'AIRWAYS',
  'AIRLINES', 'CARGO', 'LOGISTICS', 'FREIGHT', 'LIMO', 'PARKING', 'TRUST', 'BANK', 'FINANCIAL', 'INSURANCE', 'REALTY', 'PROPERTIES', 'CONSTRUCTION',
  'PLUMBING', 'ELECTRIC', 'POWER', 'CONSULTING', 'TEES', 'PRINT', 'PRINTING', 'PHOTO', 'COUNTY', 'PARK', 'STORE', 'SHOP', 'WAREHOUSE', 'MONEY',
]);

/** Card networks cut descriptors at about 22 characters; shorter ones are complete. */
const TRUNCATION_LENGTH = 19;

/** Generic words a product's name ends with ("Gemini app"): not part of the name on a statement. */
const GENERIC_SUFFIX = new Set(['APP', 'APPS', 'PLATFORM', 'SUITE', 'STUDIO', 'ASSISTANT']);

export type ExpenseMatcher = (input: MatchInputOf<'expense'>, descriptor?: DescriptorTokens | NormalisedDescriptor) => MatchResult;

/**
 * Card and expense descriptors: catalog merchant aliases and website domains, matched on whole
 * tokens anywhere in the descriptor, processor prefixes ("PAYPAL *") and locations ignored.
 * A name the AI product shares with ordinary businesses (an ambiguous alias) is decided by the
 * memo, the category and the rest of the descriptor. What no catalog entry knows but looks like
 * AI ("<NAME> AI", "<NAME>.AI", "…GPT…") is "possible AI", with every signal that agrees.
 */
export function compileExpenseMatcher(catalog: Catalog): ExpenseMatcher {
  const names = new NameIndex();
  const ambiguity = ambiguityOf(catalog, 'merchants');
  const named = new Set<string>();
  for (const entry of catalog.entries) {
    for (const text of entry.fingerprints.merchants) named.add(names.add(text, entry, ambiguity(entry, tokens(text))).join(' '));
    for (const domain of entry.domains) named.add(names.add(domain, entry).join(' '));
    for (const text of entry.fingerprints.ambiguous) named.add(names.add(text, entry, ambiguity(entry, tokens(text))).join(' '));
  }
  // The bare name of a company that is its product ("HARVEY", "JASPER", "RUNWAY") is how many
  // are billed, and how many other businesses are called: an alias that needs corroboration.
  for (const entry of catalog.entries) {
    const name = bareName(entry);
    if (!name || named.has(name)) continue;
    named.add(name);
    names.add(name, entry, 'ordinary businesses share too');
  }
  for (const suppression of catalog.notAi) {
    for (const text of [suppression.name, ...suppression.merchants]) names.suppress(text, suppression.name);
  }

  const memoMatcher = compileMemoMatcher(catalog);

  /** The evidence that decides an ambiguous alias, or why it cannot. */
  function corroborate(input: MatchInputOf<'expense'>, descriptor: DescriptorTokens, hit: TokenHit<Alias>, exact: boolean): string[] | undefined {
    const entry = hit.value.entry!;
    // The name must lead the product part: in "SUBMAGIC.CO AI CAPTIONS" the merchant is Submagic.
    if (!leads(descriptor, hit.start)) return undefined;
    const outside = descriptor.tokens.filter((_, i) => i < hit.start || i >= hit.start + hit.length);
    if (outside.some((token) => BUSINESS_WORDS.has(token)) || otherThanTool(input) || notAToolIn(input.memo)) return undefined;
    const strong: string[] = [];
    const aiWord = aiWordIn(descriptor.tokens.slice(hit.start + hit.length, hit.start + hit.length + 1));
    if (aiWord) strong.push(`the descriptor follows it with '${aiWord}'`);
    const domain = entry.domains.find((host) => descriptor.text.includes(host.toUpperCase()));
    if (domain) strong.push(`the descriptor names ${entry.vendor}'s domain ${domain}`);
    const memoWord = aiWordsInText(input.memo);
    if (memoWord) strong.push(`the memo '${input.memo!.trim()}' says '${memoWord}'`);
    const collector = productPart(descriptor).collector;
    if (collector?.sells === 'software') strong.push(`it was billed through ${collector.name}, which sells software`);
    const weak: string[] = [];
    if (categoryFit(input.category) === 'tool') weak.push(`it is booked as '${input.category!.trim()}'`);
    if (priceLike(input.amount)) weak.push(`${input.amount} is priced like a software plan`);
    // Category and price decide only a descriptor that is the name and nothing else.
    return strong.length > 0 || (weak.length >= 2 && exact) ? [...strong, ...weak] : undefined;
  }

  /**
   * "AI21 LABS*WORDTUNE": a company's name, then after the star the product billed. Where the
   * part after the star names another product of the same vendor, that product is the charge's.
   */
  function productAfterStar(descriptor: DescriptorTokens, hit: TokenHit<Alias>): TokenHit<Alias> {
    const before = beforeStar(descriptor);
    const entry = hit.value.entry;
    if (before === undefined || !entry || hit.start >= before) return hit;
    const after = tokens(descriptor.text.slice(descriptor.text.indexOf('*') + 1));
    const product = names.best(after);
    if (!product?.value.entry || product.value.ambiguous || product.value.entry.vendor !== entry.vendor || product.value.entry === entry) return hit;
    return { ...product, start: product.start + (descriptor.tokens.length - after.length) };
  }

  return (input, descriptor = descriptorTokens(input.merchant)) => {
    const { merchant, memo } = input;
    const truncated = merchant.length >= TRUNCATION_LENGTH && merchant.trim().length >= TRUNCATION_LENGTH;
    // "PERPLEXITYAI": descriptors often glue ".AI" onto the name; read it as "PERPLEXITY AI".
    const found = names.best(descriptor.tokens, truncated) ?? (hasGluedAi(descriptor.tokens) ? names.best(unglued(descriptor.tokens), truncated) : undefined);
    // A name cut off at the descriptor's end, after other words, counts where most of it is left
    // ('SOME RESELLER LTD MIDJOURN') or where it begins the product after a star ('THOMSON
    // REUTERS*COCOUNSE'): 'DIGITAL SCIENCE & RESEARC' was cut from its company's name, not from
    // ResearchRabbit's, and 'ECONOMIST INTELLIGENCE UNIT' is whole, not a cut Unit21.
    const whole = found?.truncated && !leads(descriptor, found.start) && !afterStar(descriptor, found.start) && !mostlyLeft(descriptor, found) ? undefined : found;
    const hit = whole && productAfterStar(descriptor, whole);
    if (hit?.value.notAi) return NO_MATCH;
    // A storefront for anyone's goods (Gumroad, a Shopify shop): a product's name there may be a
    // hoodie or a prompt pack, so it needs the evidence a shared name needs.
    // (A collector is named before a star: most descriptors have none and skip reading their parts.)
    const storefront = hit?.value.entry && !hit.value.ambiguous && descriptor.text.includes('*') ? productPart(descriptor).collector : undefined;
    const shared = hit?.value.ambiguous ?? (storefront?.sells === 'goods' ? `is sold through ${storefront.name}, a storefront for anyone's goods` : undefined);
    if (hit?.value.entry && shared) {
      const evidence = corroborate(input, descriptor, hit, covers(descriptor, hit));
      if (evidence) {
        const { entry, text } = hit.value;
        return matched(entry, evidence.length > 1 ? 0.8 : 0.75, [
          `merchant descriptor '${merchant.trim()}' ${hit.truncated ? 'looks cut off from' : 'matches'} '${text}', a name of ${label(entry)} that ${shared}`,
          `decided by: ${evidence.join('; ')}`,
        ]);
      }
    } else if (hit?.value.entry) {
      const { entry, text, tokens: aliasTokens } = hit.value;
      const confidence = hit.truncated ? 0.75 : covers(descriptor, hit) ? 0.97 : aliasStrength(aliasTokens);
      const how = hit.truncated ? 'looks cut off from' : 'matches';
      return matched(entry, confidence, [`merchant descriptor '${merchant.trim()}' ${how} alias '${text}' of ${label(entry)}`]);
    }
    if (memo) {
      const byMemo = memoMatcher(descriptor.tokens, memo);
      if (byMemo) return byMemo;
      // A memo naming what the catalog knows is not AI ("Copilot Money" through the App Store) says no AI.
      if (names.best(tokens(memo))?.value.notAi) return possibleAiCharge({ ...input, memo: undefined }, descriptor);
    }
    // "GOOGLE *ChatOn": with no memo, a Play Store descriptor names the app after its star.
    const store = !memo && descriptor.tokens[0] === 'GOOGLE' ? productPart(descriptor) : undefined;
    if (store?.collector?.sells === 'apps' && store.tokens.length > 0) {
      // Read as the Play Store's charge, not as one from a vendor its words name ('GOOGLE *Candy Crush' is not Crush's).
      const byApp = memoMatcher(['GOOGLE', 'PLAY'], store.tokens.join(' '), "the Play Store's app name");
      if (byApp) return byApp;
    }
    return possibleAiCharge(input, descriptor);
  };
}

/**
 * Booked where tools are not ("Meals", "Travel"), and the memo does not say otherwise: an
 * enterprise AI contract is often booked as professional services with a memo that says what it
 * is ("conversational AI agent").
 */
function otherThanTool(input: MatchInputOf<'expense'>): boolean {
  return categoryFit(input.category) === 'other' && !aiWordsInText(input.memo);
}

/** Whether the token at `start` is the first that names the merchant (after a collector's prefix). */
function leads(descriptor: DescriptorTokens, start: number): boolean {
  const meaningful = meaningfulTokens(descriptor);
  const prefix = descriptor.text.includes('*') && productPart(descriptor).collector ? (beforeStar(descriptor) ?? 0) : 0;
  for (let i = prefix; i < start; i++) if (meaningful[i]) return false;
  return true;
}

/** Whether a cut-off name keeps six letters and three quarters of its last word ("MIDJOURN" of "MIDJOURNEY"). */
function mostlyLeft(descriptor: DescriptorTokens, hit: TokenHit<Alias>): boolean {
  const cut = descriptor.tokens[hit.start + hit.length - 1] ?? '';
  const word = hit.value.tokens[hit.value.tokens.length - 1] ?? '';
  return cut.length >= 6 && cut.length >= word.length * 0.75;
}

/** How many tokens come before the descriptor's star ("COMPANY*PRODUCT"), where one follows a name. */
function beforeStar(descriptor: DescriptorTokens): number | undefined {
  const star = descriptor.text.indexOf('*');
  return star > 0 ? tokens(descriptor.text.slice(0, star)).length : undefined;
}

/** Whether the token at `start` is the first after the descriptor's star. */
const afterStar = (descriptor: DescriptorTokens, start: number): boolean => beforeStar(descriptor) === start;

/** Whether the alias covers every token that says who the merchant is (and was not cut off). */
function covers(descriptor: DescriptorTokens | NormalisedDescriptor, hit: TokenHit<Alias>): boolean {
  if (hit.truncated) return false;
  const meaningful = 'meaningful' in descriptor ? descriptor.meaningful : meaningfulTokens(descriptor);
  for (let i = 0; i < descriptor.tokens.length; i++) {
    if (meaningful[i] && (i < hit.start || i >= hit.start + hit.length)) return false;
  }
  return true;
}

/**
 * A company's bare name when the company is its product ("Harvey" by Harvey, "Jasper" by
 * Jasper), one word of four letters or more. Not for add-ons and developer kits of companies
 * that sell other things (Stripe's agent toolkit, Notion's MCP server): their name is the host's.
 */
function bareName(entry: CatalogEntry): string | undefined {
  if (entry.category === 'saas_ai_addon' || entry.hints.impliedRole === 'developer') return undefined;
  const vendor = tokens(entry.vendor);
  let product = tokens(productBase(entry.product));
  while (product.length > 1 && GENERIC_SUFFIX.has(product[product.length - 1]!)) product = product.slice(0, -1);
  const word = product[0];
  if (product.length !== 1 || vendor.join(' ') !== word || word.length < 4 || PLATFORMS.has(word) || /\d/.test(word)) return undefined;
  return word;
}

/**
 * A cheap first look for the forms `nameForm` reads: a word ending in AI ("AI", "GENAI", a glued
 * "…AI", a ".AI" domain), GPT, LLM, CHATBOT, AGENTIC, COPILOT or NOTETAKER. One regular
 * expression over the text, so most descriptors ("DELTA AIR LINES") are done in one pass.
 */
const MAY_NAME_AI = /AI(?![A-Z0-9])|GPT|LLM|CHATBOT|AGENTIC|COPILOT|NOTETAKER/;
const mayNameAi = (descriptor: DescriptorTokens) => MAY_NAME_AI.test(descriptor.text);

interface NameForm {
  vendor: string;
  product: string;
  signal: string;
  /** A glued "…AI" is a name form only beside other evidence ("SHANGHAI" is not one). */
  weak: boolean;
  /** Read from the memo, which then adds no signal of its own. */
  fromMemo?: boolean;
}

/** The AI form of the product part's name: ".AI" domain, "<NAME> AI", "…GPT…", "…LLM…", "<NAME>AI". */
function nameForm(descriptor: DescriptorTokens, part: ProductPart, merchant: string): NameForm | undefined {
  const domain = aiDomains(descriptor.text)[0];
  if (domain) return { vendor: domain, product: domain.toUpperCase(), signal: `merchant descriptor '${merchant}' names the .ai domain '${domain}', which is in no catalog entry`, weak: false };
  const [first, second] = part.tokens;
  // "JENNI AI", "FYXER AI LONDON GB": a name followed by AI is how AI start-ups are billed. The
  // name must come first; "AI" leading is something else ("AI CONFERENCE").
  if (first && first !== 'AI' && second === 'AI') {
    const name = `${first} AI`;
    return { vendor: name, product: name, signal: `merchant descriptor '${merchant}' names '${name}', an AI vendor in no catalog entry`, weak: false };
  }
  const word = aiWordIn(part.tokens);
  if (word && word !== 'AI') return { vendor: word, product: word, signal: `merchant descriptor '${merchant}' contains '${word}', which suggests an AI product in no catalog entry`, weak: false };
  const glued = part.tokens.find((token) => token.length >= 6 && token.endsWith('AI') && !NOT_GLUED_AI.has(token));
  if (glued) {
    const name = `${glued.slice(0, -2)} AI`;
    return { vendor: name, product: name, signal: `merchant descriptor '${merchant}' reads as '${name}' (".AI" glued to a name)`, weak: true };
  }
  return undefined;
}

/**
 * Possible AI on a card statement: a name of AI form, or a memo that says AI where the
 * descriptor cannot (see memoForm), decided together with the memo (what was bought), the
 * category (where it was booked) and the amount (is it priced like a plan). A course, a ticket,
 * a meal or a GPU that mentions AI is not an AI tool.
 */
function possibleAiCharge(input: MatchInputOf<'expense'>, descriptor: DescriptorTokens): MatchResult {
  // Most descriptors have no word of AI form and no memo: they stop here, before any allocation.
  if (!input.memo && !mayNameAi(descriptor)) return NO_MATCH;
  const merchant = input.merchant.trim();
  const memo = input.memo?.trim();
  const fit = categoryFit(input.category);
  if (otherThanTool(input) || notAToolIn(memo)) return NO_MATCH;
  const part = productPart(descriptor);
  const found = nameForm(descriptor, part, merchant) ?? (memo ? memoForm(merchant, memo, part, fit) : undefined);
  if (!found) return NO_MATCH;
  const signals = [found.signal];
  const memoWord = found.fromMemo ? undefined : aiWordsInText(memo);
  if (memoWord) signals.push(`the memo '${memo}' says '${memoWord}'`);
  if (fit === 'tool') signals.push(`it is booked as '${input.category!.trim()}', where software is`);
  if (part.collector?.sells === 'software') signals.push(`it was billed through ${part.collector.name}, which sells software subscriptions`);
  // A weak name form needs evidence besides the price: many things cost 20.00.
  if (found.weak && signals.length < 2) return NO_MATCH;
  if (priceLike(input.amount)) signals.push(`${input.amount} is priced like a software plan`);
  return possibleAi(found.vendor, found.product, signals);
}

/**
 * Where the descriptor names no AI form, the memo may: on a charge through an app store or a
 * cloud marketplace ("APPLE.COM/BILL", "AWS MARKETPLACE"), whose descriptor never names the
 * product; or on a plain vendor's charge booked as software ("AI video avatars"), when memo and
 * category agree. The vendor is then the descriptor's first word: its city and store number,
 * which follow, would split one vendor into many systems.
 */
function memoForm(merchant: string, memo: string, part: ProductPart, fit: ReturnType<typeof categoryFit>): NameForm | undefined {
  if (part.marketplace || (part.collector && part.tokens.length === 0)) {
    const memoTokens = descriptorTokens(memo);
    const named = nameForm(memoTokens, productPart(memoTokens), memo);
    const word = aiWordsInText(memo);
    if (!named && !word) return undefined;
    const via = part.marketplace ?? part.collector!.name;
    const says = named ? `names '${named.product}'` : `says '${word}'`;
    return { vendor: named?.vendor ?? memo, product: named?.product ?? memo, weak: false, fromMemo: true, signal: `a charge through ${via} whose memo '${memo}' ${says}, in no catalog entry` };
  }
  const word = fit === 'tool' && part.tokens.length > 0 ? aiWordsInText(memo) : undefined;
  if (!word) return undefined;
  const vendor = part.tokens[0]!;
  return { vendor, product: vendor, weak: false, fromMemo: true, signal: `the memo '${memo}' of a charge from '${merchant}' says '${word}', and no catalog entry knows the vendor` };
}
