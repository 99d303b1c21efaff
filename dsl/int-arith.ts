// The language's integer arithmetic, exact at any size: a value is a JS
// number while it is a safe integer and a BigInt beyond (never both for one
// value, so ===, < and Immutable's hashing compare exactly). Division rounds
// down (TLA+'s \div) and % is the remainder that goes with it.
export type Int = number | bigint;

const MAX = Number.MAX_SAFE_INTEGER;
const BIG_MAX = BigInt(MAX);

// A BigInt result back to a number when it is one.
export function norm(b: bigint): Int {
  return b <= BIG_MAX && b >= -BIG_MAX ? Number(b) : b;
}

// A float result of + - * on safe integers is exact exactly when it is safe
// (rounding is monotone, so an exact result past 2^53 rounds to >= 2^53).
export function add(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX && r >= -MAX) return r;
  }
  return norm(BigInt(a) + BigInt(b));
}

export function sub(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX && r >= -MAX) return r;
  }
  return norm(BigInt(a) - BigInt(b));
}

export function mul(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX && r >= -MAX) return r === 0 ? 0 : r; // no -0
  }
  return norm(BigInt(a) * BigInt(b));
}

export function neg(a: Int): Int {
  return typeof a === 'number' ? (a === 0 ? 0 : -a) : norm(-a);
}

// Below 2^31 a float quotient is far from the next integer, so floor() is exact.
const SMALL = 2 ** 31;

// a / b rounded down (-7 / 2 == -4); b must not be 0.
export function div(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number' && a < SMALL && a > -SMALL && b < SMALL && b > -SMALL) {
    const q = Math.floor(a / b);
    return q === 0 ? 0 : q;
  }
  const x = BigInt(a), y = BigInt(b);
  const q = x / y;
  return norm(x % y !== 0n && (x < 0n) !== (y < 0n) ? q - 1n : q);
}

// a - b * (a / b): the sign of b, so 0..b-1 for b > 0 (-7 % 2 == 1); b must not be 0.
export function mod(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number' && a < SMALL && a > -SMALL && b < SMALL && b > -SMALL) {
    const r = a % b;
    return r !== 0 && (r < 0) !== (b < 0) ? r + b : r === 0 ? 0 : r;
  }
  const x = BigInt(a), y = BigInt(b);
  const r = x % y;
  return norm(r !== 0n && (r < 0n) !== (y < 0n) ? r + y : r);
}
