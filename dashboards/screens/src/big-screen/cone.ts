/**
 * The cone of uncertainty of a forecast track: around each forecast point a circle holding the
 * storm's centre with 70% probability, its radius growing with the lead time. Defaults are the
 * Hong Kong Observatory's (radii of its mean errors: 150, 250 and 350 km at 24, 48 and 72 h);
 * a wall may set others with `?cone=…` (NHC's 2023 Atlantic cone: `cone=72,124,183`, km).
 */

export interface ConeRadii {
  /** Lead times, hours, ascending. */
  readonly leadsH: readonly number[];
  /** Radius at each lead time, km. */
  readonly radiiKm: readonly number[];
}

export const HKO_CONE: ConeRadii = { leadsH: [24, 48, 72], radiiKm: [150, 250, 350] };

/**
 * `150,250,350` (radii at 24, 48 and 72 h) or `24:150,48:250,72:350`; anything else (absent,
 * malformed, not ascending, not positive) gives the default, so a typo never blanks the map.
 */
export function parseCone(text: string | null): ConeRadii {
  if (text === null || text.trim() === '') return HKO_CONE;
  const parts = text.split(',').map((p) => p.trim());
  const pairs = parts.map((p, i) => {
    const [a, b] = p.includes(':') ? p.split(':') : [String((i + 1) * 24), p];
    return [Number(a), Number(b)] as const;
  });
  const ok =
    pairs.length > 0 &&
    pairs.length <= 12 &&
    pairs.every(([h, r], i) => h > 0 && r > 0 && r <= 2_000 && (i === 0 || h > (pairs[i - 1]?.[0] ?? 0)));
  if (!ok) return HKO_CONE;
  return { leadsH: pairs.map(([h]) => h), radiiKm: pairs.map(([, r]) => r) };
}

/** Radius at `leadH`, km: linear from 0 at the advisory to each configured point, then on the last slope. */
export function coneRadiusKm(leadH: number, cone: ConeRadii): number {
  if (leadH <= 0) return 0;
  let h0 = 0;
  let r0 = 0;
  for (let i = 0; i < cone.leadsH.length; i++) {
    const h1 = cone.leadsH[i] ?? 0;
    const r1 = cone.radiiKm[i] ?? 0;
    if (leadH <= h1) return r0 + ((r1 - r0) * (leadH - h0)) / (h1 - h0);
    h0 = h1;
    r0 = r1;
  }
  const n = cone.leadsH.length;
  const hPrev = n >= 2 ? (cone.leadsH[n - 2] ?? 0) : 0;
  const rPrev = n >= 2 ? (cone.radiiKm[n - 2] ?? 0) : 0;
  return r0 + ((r0 - rPrev) * (leadH - h0)) / (h0 - hPrev);
}
