/** Whether the checkout at `root` has a compiled build (dist/) made from exactly its sources. */
export function buildIsCurrent(root: string): boolean;
