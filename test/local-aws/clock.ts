/**
 * The harness clock: one virtual timeline for every emulated component.
 *
 * Virtual time runs `scale` times faster than wall-clock time, from `virtualEpochMs`. Everything in the
 * emulated world reads it: the Backup emulator's job timestamps, the Step Functions stand-in's Retry waits,
 * and (through the sandbox bootstrap) `Date` and `setTimeout` inside every Lambda sandbox. Because the
 * mapping is a pure function of the wall clock (`Date.now()` of the real process, shared by all threads),
 * a worker thread rebuilds the very same clock from `ClockParams` alone.
 */

/** What a thread needs to rebuild the clock. */
export interface ClockParams {
  /** Virtual time at `realEpochMs`, in ms since the Unix epoch. */
  readonly virtualEpochMs: number;
  /** Wall-clock time at which the virtual clock started. */
  readonly realEpochMs: number;
  /** Virtual milliseconds per real millisecond (1 = real time; 600 = 1 h in 6 s). */
  readonly scale: number;
}

export class HarnessClock {
  public readonly params: ClockParams;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<(error: Error) => void>();
  private closed = false;

  constructor(scale: number, virtualEpochMs: number = Date.now()) {
    if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`clockScale must be a positive number (got ${scale}).`);
    this.params = { virtualEpochMs, realEpochMs: Date.now(), scale };
  }

  public get scale(): number {
    return this.params.scale;
  }

  /** Virtual now, in ms since the Unix epoch. */
  public now(): number {
    return Math.floor(this.params.virtualEpochMs + (Date.now() - this.params.realEpochMs) * this.params.scale);
  }

  /** Virtual now as a Date. */
  public date(): Date {
    return new Date(this.now());
  }

  /** Real milliseconds that correspond to `virtualMs`. */
  public toRealMs(virtualMs: number): number {
    return Math.max(0, virtualMs / this.params.scale);
  }

  /** Virtual milliseconds that correspond to `realMs`. */
  public toVirtualMs(realMs: number): number {
    return realMs * this.params.scale;
  }

  /** Run `fn` after `virtualMs` of virtual time. Cancelled by `close()`. */
  public setTimeout(fn: () => void, virtualMs: number): NodeJS.Timeout {
    if (this.closed) throw new Error('HarnessClock is closed');
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, this.toRealMs(virtualMs));
    this.timers.add(timer);
    return timer;
  }

  public clearTimeout(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  /** Resolve after `virtualMs` of virtual time; rejects if the clock is closed first. */
  public sleep(virtualMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.closed) return reject(new Error('HarnessClock is closed'));
      const cancel = (error: Error) => {
        this.clearTimeout(timer);
        reject(error);
      };
      const timer = this.setTimeout(() => {
        this.sleepers.delete(cancel);
        resolve();
      }, virtualMs);
      this.sleepers.add(cancel);
    });
  }

  /** Cancel every pending timer and sleep. */
  public close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const sleepers = [...this.sleepers];
    this.sleepers.clear();
    for (const cancel of sleepers) cancel(new Error('HarnessClock is closed'));
  }
}
