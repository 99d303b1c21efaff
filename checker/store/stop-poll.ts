// The stop conditions every phase of a check polls (the search, the temporal
// phase, and any engine that takes them over): --time-limit, --max-memory
// and a signal reported by shouldStop(). One object per check, so that the
// phases share the clock and the limits and a stop in either reads the same.

// The limits a poll can hit (a subset of result.ts's Limit, which builds on this room).
export type Limit =
  | { readonly kind: 'time-limit'; readonly value: number }
  | { readonly kind: 'max-memory'; readonly value: number } // bytes
  | { readonly kind: 'interrupted'; readonly value: string };

// Thrown by poll() from inside a phase; the engine turns it into its result.
export class LimitReached extends Error {
  constructor(readonly limit: Limit) {
    super(`stopped at ${limit.kind}`);
  }
}

export interface StopConditions {
  readonly start: number; // Date.now() when the check began
  readonly timeLimitSeconds?: number;
  readonly maxMemory: number; // bytes
  readonly shouldStop?: () => string | null;
}

export class StopPoll {
  private countdown = 4096;
  private rounds = 0;
  constructor(readonly c: StopConditions) {}

  // Cheap enough for an inner loop: the clock every 4096 calls, rss() (a
  // system call) every 32768.
  tick(): void {
    if (--this.countdown !== 0) return;
    this.countdown = 4096;
    const hit = this.check((++this.rounds & 7) === 0);
    if (hit) throw new LimitReached(hit);
  }

  // The first stop condition that holds now, or null.
  check(memory: boolean): Limit | null {
    const { start, timeLimitSeconds, maxMemory, shouldStop } = this.c;
    if (timeLimitSeconds !== undefined && Date.now() >= start + timeLimitSeconds * 1000) return { kind: 'time-limit', value: timeLimitSeconds };
    if (memory && process.memoryUsage.rss() > maxMemory) return { kind: 'max-memory', value: maxMemory };
    const why = shouldStop?.();
    return why ? { kind: 'interrupted', value: why } : null;
  }
}
