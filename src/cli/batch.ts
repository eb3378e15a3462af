export async function runBatch(_paths: string[], _options: Record<string, unknown>): Promise<void> {
  throw new Error('not implemented');
}
