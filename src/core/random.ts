/**
 * Seeded pseudo-random numbers. Every random choice in core goes through an `Rng` passed in by
 * the caller, so the same seed and input give byte-identical output on every platform.
 *
 * Generator: xoshiro128** (Blackman & Vigna, 2018), 32-bit state words, seeded through
 * splitmix32 so that nearby seeds give unrelated streams. Uses only 32-bit integer math
 * (`Math.imul`, `>>> 0`), which is exact in every JavaScript engine.
 */
export class Rng {
  /**
   * The four state words, as 32-bit patterns in a typed array: plain number fields holding values
   * above 2^30 are boxed by V8 on every update, which made the generator allocate per draw.
   */
  private readonly s = new Int32Array(4);
  private spareNormal: number | undefined;

  constructor(seed: number) {
    let s = (Math.floor(Math.abs(seed)) ^ 0x9e3779b9) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    const st = this.s;
    st[0] = next();
    st[1] = next();
    st[2] = next();
    st[3] = next();
    if ((st[0] | st[1] | st[2] | st[3]) === 0) st[0] = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const st = this.s;
    const b = st[1];
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    st[2] ^= st[0];
    st[3] ^= b;
    st[1] = b ^ st[2];
    st[0] ^= st[3];
    st[2] ^= t;
    st[3] = rotl(st[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in the open interval (0, 1): safe for inverse CDFs. */
  nextOpen(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal by the Marsaglia polar method. */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    let u: number, v: number, s: number;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return u * m;
  }

  /** A new generator whose stream is independent of this one (for per-task streams). */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }

  /** Fisher-Yates shuffle of indices 0..n-1. */
  permutation(n: number): Uint32Array {
    return this.permutationInto(new Uint32Array(n), n);
  }

  /** `permutation(n)` written into the first n slots of `p` (the same draws), without allocating. */
  permutationInto(p: Uint32Array, n: number): Uint32Array {
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}

/** Rotate a 32-bit pattern left (the result as a signed 32-bit integer: only its bits are used). */
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** MurmurHash3's finaliser: every input bit moves every output bit (32-bit integers). */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
