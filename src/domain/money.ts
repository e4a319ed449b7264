const fractionDigitsCache = new Map<string, number>();

/** Minor-unit digits of a currency (2 for EUR, 0 for JPY), from the platform's ICU data. */
let lastCurrency = '';
let lastDigits = 2;

export function fractionDigits(currency: string): number {
  // Files are mostly in one currency: answer a repeat without a map lookup.
  if (currency === lastCurrency) return lastDigits;
  let digits = fractionDigitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    fractionDigitsCache.set(currency, digits);
  }
  lastCurrency = currency;
  lastDigits = digits;
  return digits;
}
