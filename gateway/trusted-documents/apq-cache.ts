/** Automatic persisted queries: query texts by SHA-256, least recently used forgotten first. */
export function createApqCache(maxEntries: number) {
  const entries = new Map<string, string>();
  return {
    get(hash: string): string | undefined {
      const query = entries.get(hash);
      if (query !== undefined) {
        entries.delete(hash);
        entries.set(hash, query);
      }
      return query;
    },
    set(hash: string, query: string): void {
      entries.delete(hash);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(hash, query);
    },
  };
}
