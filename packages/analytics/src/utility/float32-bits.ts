/**
 * The ring's number layout, shared by its slots (ring-slab.ts) and its packed closed days
 * (cold-days.ts): hours are kept as whole meter units plus a few float32 steps, so both must
 * agree on the units and on how a float32's bits are read.
 */

/** Meter units per m3 of water and per kWh. */
export const WATER_UNITS = 1000;
export const ELEC_UNITS = 100;

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The bits of float32 `x`: consecutive non-negative float32s have consecutive bits. */
export const bitsOf = (x: number): number => {
  f32[0] = x;
  return i32[0] as number;
};

/** The float32 whose bits are `b`. */
export const fromBits = (b: number): number => {
  i32[0] = b;
  return f32[0] as number;
};
