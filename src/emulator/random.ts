/**
 * A small seeded generator (mulberry32): the same seed gives the same ids, credentials and
 * fault decisions, so tests that pass a seed are deterministic.
 */
export class SeededRandom {
  private state: number;

  public constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  public int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  public chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  public digits(length: number): string {
    return this.chars(DIGITS, length);
  }

  public lowercase(length: number): string {
    return this.chars(LOWERCASE, length);
  }

  /** A version-4 UUID. */
  public uuid(): string {
    const hex = this.chars(HEX, 32).split('');
    hex[12] = '4';
    hex[16] = HEX[8 + this.int(4)];
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

const DIGITS = '0123456789';
const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';
export const UPPERCASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const HEX = '0123456789abcdef';
export const BASE64 = `${UPPERCASE}${LOWERCASE}${DIGITS}+/`;

/** Independent streams derived from one seed, so that e.g. fault decisions do not shift ids. */
export function deriveSeed(seed: number, stream: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(stream, 0xc2b2ae35)) >>> 0;
}
