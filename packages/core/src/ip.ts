// IP address syntax without Node (`net.isIP`'s answers): dotted-quad IPv4 without leading zeros, and
// the RFC 4291 text forms of IPv6 (`::` once, an IPv4 tail, a `%zone`). test/platform.test.ts compares
// it with Node's on generated strings.

const V4_PART = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const ZONE = /^[0-9a-zA-Z.:-]+$/;

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => V4_PART.test(p));
}

/** Groups of an IPv6 half; the last may be an IPv4 tail (two groups) when `v4Tail`. -1 when invalid. */
function groups(half: string, v4Tail: boolean): number {
  if (half === '') return 0;
  const parts = half.split(':');
  let n = 0;
  for (let i = 0; i < parts.length; i++) {
    if (HEX_GROUP.test(parts[i])) n++;
    else if (v4Tail && i === parts.length - 1 && isIPv4(parts[i])) n += 2;
    else return -1;
  }
  return n;
}

function isIPv6(s: string): boolean {
  const pct = s.indexOf('%');
  if (pct >= 0) {
    if (!ZONE.test(s.slice(pct + 1))) return false;
    s = s.slice(0, pct);
  }
  const halves = s.split('::');
  if (halves.length > 2) return false;
  if (halves.length === 1) return groups(s, true) === 8;
  const [head, tail] = halves;
  const h = groups(head, false);
  const t = groups(tail, true);
  return h >= 0 && t >= 0 && h + t <= 7;
}

export function isIP(value: string): number {
  if (isIPv4(value)) return 4;
  if (isIPv6(value)) return 6;
  return 0;
}
