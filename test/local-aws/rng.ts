/**
 * Seeded randomness. `Rng` is a small, fast PRNG (mulberry32). `keyedRandom` gives a reproducible number
 * for a (seed, key) pair, so a fault decision depends on *which* request it is (operation, token, attempt
 * number) and not on how concurrent requests happened to interleave.
 */
import { createHash } from 'crypto';

/* eslint-disable no-bitwise -- a PRNG is bit arithmetic on 32-bit integers */
export class Rng {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hash32(seed);
  }

  /** Uniform in [0, 1). */
  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  public int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  public chance(p: number): boolean {
    return this.next() < p;
  }

  public pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

/** A reproducible uniform number in [0, 1) for a key. */
export function keyedRandom(seed: number | string, key: string): number {
  const digest = createHash('sha256').update(`${seed}\n${key}`).digest();
  return digest.readUInt32BE(0) / 4294967296;
}

/** A reproducible UUID-shaped id for a key. */
export function keyedUuid(seed: number | string, key: string): string {
  const h = createHash('sha256').update(`uuid\n${seed}\n${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

export function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
