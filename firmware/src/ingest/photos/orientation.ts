// EXIF orientation (1-8) as sharp operations (pure).
//
// For JPEGs sharp's rotate() reads the tag itself. A RAW's embedded preview is stored as the
// sensor saw it and the orientation lives in the RAW's own IFD0, so we apply it by hand.
// Mirroring and rotating do not commute, so the order sharp chains them in matters: its
// typings say mirroring "always occurs after rotation", but sharp 0.35.5 mirrors first
// (rotate(90).flip() gives the transpose). The table is what matches sharp's own
// auto-orientation, checked for all eight values in thumbnail-render.test.ts, which will
// fail if a sharp upgrade changes the order.

export interface OrientOps {
  /** Clockwise degrees (sharp's rotate(angle)). */
  rotate: 0 | 90 | 180 | 270;
  /** Mirror top-bottom (sharp's flip()). */
  flip: boolean;
  /** Mirror left-right (sharp's flop()). */
  flop: boolean;
}

const OPS: Record<number, OrientOps> = {
  1: { rotate: 0, flip: false, flop: false },
  2: { rotate: 0, flip: false, flop: true }, // mirrored
  3: { rotate: 180, flip: false, flop: false },
  4: { rotate: 0, flip: true, flop: false }, // mirrored vertically
  5: { rotate: 90, flip: true, flop: false }, // transpose
  6: { rotate: 90, flip: false, flop: false }, // camera held with its right side up
  7: { rotate: 90, flip: false, flop: true }, // transverse
  8: { rotate: 270, flip: false, flop: false }, // camera held with its left side up
};

/** Operations for an orientation; identity for null and out-of-range values. */
export function orientOps(orientation: number | null | undefined): OrientOps {
  return OPS[orientation ?? 1] ?? OPS[1]!;
}
