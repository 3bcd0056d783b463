// The relative TP-VP octet (TS 23.040 §9.2.3.12.1): four ranges of growing steps.
//   0-143: (vp + 1) x 5 min  |  144-167: 12 h + (vp - 143) x 30 min
//   168-196: (vp - 166) days |  197-255: (vp - 192) weeks

export function relativeValidityMinutes(vp: number): number {
  if (vp <= 143) return (vp + 1) * 5;
  if (vp <= 167) return 12 * 60 + (vp - 143) * 30;
  if (vp <= 196) return (vp - 166) * 24 * 60;
  return (vp - 192) * 7 * 24 * 60;
}

/**
 * The smallest TP-VP that keeps the message at least `minutes` (a message must not expire
 * before the time asked for); longer than 63 weeks gives the maximum, 255.
 */
export function encodeRelativeValidity(minutes: number): number {
  for (let vp = 0; vp <= 255; vp++) if (relativeValidityMinutes(vp) >= minutes) return vp;
  return 255;
}
