/**
 * `work` on every item, at most `limit` at once, the results in the items' order. The first
 * failure stops new work from starting and is what the call throws; work already started ends
 * on its own (its result is dropped).
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    try {
      for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!, i);
    } catch (error) {
      next = items.length;
      throw error;
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, run));
  return results;
}
