import type { Catalog } from '../domain/catalog.js';
import type { MatchResult } from '../domain/match.js';
import type { MatchInputOf } from '../domain/observation.js';
import { compileMemoMatcher } from './memo.js';
import { NameIndex } from './name-index.js';
import { aiDomains, type DescriptorTokens, descriptorTokens, meaningfulTokens, type NormalisedDescriptor } from './normalise.js';
import { aliasStrength, label, matched, NO_MATCH, suggestsAi, unknownAi } from './result.js';

/** A token that ends in AI glued to a name of four letters or more: "PERPLEXITYAI". */
function hasGluedAi(tokenList: readonly string[]): boolean {
  for (const token of tokenList) if (token.length >= 6 && token.endsWith('AI')) return true;
  return false;
}

function unglued(tokenList: readonly string[]): string[] {
  return tokenList.flatMap((token) => (token.length >= 6 && token.endsWith('AI') ? [token.slice(0, -2), 'AI'] : [token]));
}

/** A quick test before looking at tokens one by one: could any of them suggest AI? */
const AI_WORDS = /GPT|LLM|GENAI|CHATBOT/;

/** Card networks cut descriptors at about 22 characters; shorter ones are complete. */
const TRUNCATION_LENGTH = 19;

export type ExpenseMatcher = (input: MatchInputOf<'expense'>, descriptor?: DescriptorTokens | NormalisedDescriptor) => MatchResult;

/**
 * Card and expense descriptors: catalog merchant aliases and website domains, matched on whole
 * tokens anywhere in the descriptor, processor prefixes ("PAYPAL *") and locations ignored.
 */
export function compileExpenseMatcher(catalog: Catalog): ExpenseMatcher {
  const names = new NameIndex();
  for (const entry of catalog.entries) {
    for (const text of entry.fingerprints.merchants) names.add(text, entry);
    for (const domain of entry.domains) names.add(domain, entry);
  }
  for (const suppression of catalog.notAi) {
    for (const text of [suppression.name, ...suppression.merchants]) names.suppress(text, suppression.name);
  }

  const memoMatcher = compileMemoMatcher(catalog);

  return ({ merchant, memo }, descriptor = descriptorTokens(merchant)) => {
    const truncated = merchant.length >= TRUNCATION_LENGTH && merchant.trim().length >= TRUNCATION_LENGTH;
    // "PERPLEXITYAI": descriptors often glue ".AI" onto the name; read it as "PERPLEXITY AI".
    const hit = names.best(descriptor.tokens, truncated) ?? (hasGluedAi(descriptor.tokens) ? names.best(unglued(descriptor.tokens), truncated) : undefined);
    if (hit?.value.notAi) return NO_MATCH;
    if (hit?.value.entry) {
      const { entry, text, tokens: aliasTokens } = hit.value;
      // Exact when the alias covers every token that says who the merchant is.
      const meaningful = 'meaningful' in descriptor ? descriptor.meaningful : meaningfulTokens(descriptor);
      let exact = !hit.truncated;
      for (let i = 0; exact && i < descriptor.tokens.length; i++) {
        if (meaningful[i] && (i < hit.start || i >= hit.start + hit.length)) exact = false;
      }
      const confidence = hit.truncated ? 0.75 : exact ? 0.97 : aliasStrength(aliasTokens);
      const how = hit.truncated ? 'looks cut off from' : 'matches';
      return matched(entry, confidence, [`merchant descriptor '${merchant.trim()}' ${how} alias '${text}' of ${label(entry)}`]);
    }
    if (memo) {
      const byMemo = memoMatcher(descriptor.tokens, memo);
      if (byMemo) return byMemo;
    }
    const domain = aiDomains(descriptor.text)[0];
    if (domain) {
      return unknownAi(domain, domain.toUpperCase(), `merchant descriptor '${merchant.trim()}' names the .ai domain '${domain}', which is in no catalog entry`);
    }
    if (descriptor.tokens.includes('AI')) {
      // "JENNI AI", "FYXER AI LONDON GB", "ABRIDGE AI INC PITTSBURGH": a name followed by AI is
      // how AI start-ups are billed. The name must come first; "AI" leading is something else.
      const meaningful = meaningfulTokens(descriptor);
      const first = meaningful.indexOf(true);
      let next = first + 1;
      while (next < descriptor.tokens.length && !meaningful[next] && descriptor.tokens[next] !== 'AI') next++;
      if (first >= 0 && descriptor.tokens[first] !== 'AI' && descriptor.tokens[next] === 'AI') {
        const name = `${descriptor.tokens[first]} AI`;
        return unknownAi(name, name, `merchant descriptor '${merchant.trim()}' names '${name}', an AI vendor in no catalog entry`);
      }
    }
    if (!AI_WORDS.test(descriptor.text)) return NO_MATCH;
    for (const token of descriptor.tokens) {
      if (token !== 'AI' && suggestsAi(token)) {
        return unknownAi(token, token, `merchant descriptor '${merchant.trim()}' contains '${token}', which suggests an AI product in no catalog entry`);
      }
    }
    return NO_MATCH;
  };
}
