/**
 * Counts work in flight per CloudFormation request id (Lambda invocations, Step Functions executions,
 * pending async retries), so the driver can wait until a request is quiescent before judging it.
 */
export class ActivityTracker {
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Map<string, Array<() => void>>();

  public begin(key: string | undefined): () => void {
    if (key === undefined) return () => undefined;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const n = (this.counts.get(key) ?? 1) - 1;
      if (n > 0) {
        this.counts.set(key, n);
        return;
      }
      this.counts.delete(key);
      // Let a follow-up step (a retry, the next state) register before declaring the key idle.
      setImmediate(() => {
        if (this.counts.has(key)) return;
        const waiters = this.waiters.get(key) ?? [];
        this.waiters.delete(key);
        for (const w of waiters) w();
      });
    };
  }

  public busy(key: string): boolean {
    return this.counts.has(key);
  }

  /** Keys with work in flight. */
  public active(): string[] {
    return [...this.counts.keys()];
  }

  /** Resolves once nothing is in flight for `key`. */
  public whenIdle(key: string): Promise<void> {
    if (!this.counts.has(key)) return Promise.resolve();
    return new Promise(resolve => {
      const list = this.waiters.get(key) ?? [];
      list.push(resolve);
      this.waiters.set(key, list);
    });
  }
}

/** The CloudFormation RequestId carried by a Lambda payload or a state machine input, if any. */
export function requestIdOf(payload: string | undefined): string | undefined {
  if (!payload) return undefined;
  try {
    const parsed = JSON.parse(payload) as { RequestId?: unknown };
    return typeof parsed?.RequestId === 'string' ? parsed.RequestId : undefined;
  } catch {
    return undefined;
  }
}
