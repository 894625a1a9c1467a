import { interpolateRgb } from 'd3-interpolate';
import { scaleLinear } from 'd3-scale';

/** Shelter occupancy 0..1 → green (room) through amber to red (full). */
export const occupancyColour = scaleLinear<string>()
  .domain([0, 0.7, 0.9, 1])
  .range(['#2ecc71', '#c6d93a', '#ffb020', '#ff3b3b'])
  .interpolate(interpolateRgb)
  .clamp(true);
