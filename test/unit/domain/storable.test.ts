import { describe, expect, it } from 'vitest';
import { storable } from '../../../src/domain/storable.js';

describe('storable', () => {
  it('replaces every NUL in strings, array items and keys, at any depth, with U+FFFD', () => {
    const when = new Date('2026-12-06T00:00:00Z');
    const value = { appName: 'Chat\0GPT\0', scopes: ['openid', 'mail\0read'], nested: { 'key\0': { deep: ['\0'] } }, count: 3, at: when, none: null };
    expect(storable(value)).toEqual({ appName: 'Chat\uFFFDGPT\uFFFD', scopes: ['openid', 'mail\uFFFDread'], nested: { 'key\uFFFD': { deep: ['\uFFFD'] } }, count: 3, at: when, none: null });
    // The input is left as it was: the caller's record is not changed under it.
    expect(value.appName).toBe('Chat\0GPT\0');
  });

  it('replaces a lone surrogate, and keeps a whole pair', () => {
    expect(storable({ name: 'A\uD800B', tail: 'end\uDC00', emoji: 'ok \u{1F600}' })).toEqual({ name: 'A\uFFFDB', tail: 'end\uFFFD', emoji: 'ok \u{1F600}' });
  });

  it('answers the same object when there is nothing to replace', () => {
    const value = { appName: 'ChatGPT', scopes: ['openid'], nested: { a: [1, 'b'] } };
    expect(storable(value)).toBe(value);
    expect(storable('plain')).toBe('plain');
  });
});
