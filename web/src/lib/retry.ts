/**
 * Runs `attempt` until it succeeds, fails in a way not worth another try, or has been tried once
 * more than there are waits: the n-th retry comes `backoffMs[n - 1]` after the failure before it.
 * The one retry loop of the site's CMS clients (reading content, and the import writing it).
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  { backoffMs, retryable }: { backoffMs: number[]; retryable: (error: unknown) => boolean },
): Promise<T> {
  for (let retries = 0; ; retries++) {
    try {
      return await attempt();
    } catch (error) {
      if (retries >= backoffMs.length || !retryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs[retries]));
    }
  }
}
