/**
 * The detection grid: overdue alerts are raised and resolved only at whole steps of event time,
 * as the utility detector does with its quarter hours. An alert's `detected_at` is the first
 * step at or after the moment its condition began (or ended), and the tracker sends it only once
 * the watermark has reached that step. So `detected_at` is a function of the events alone: a
 * replay that jumps the watermark by an hour gives the same alert as a live run that crept up
 * second by second, and `detected_at` is never ahead of the watermark that raised it.
 *
 * One minute: the time limits are half an hour (summons) to days, and the watermark already
 * trails the events by minutes of allowed out-of-orderness, so a minute more is no real delay;
 * a finer step would only print seconds that say nothing about the ticket.
 */
export const DETECTION_STEP_MS = 60_000;

/** The first grid step at or after `t` (epoch ms): when a change at `t` is detected. */
export const detectionPoint = (t: number): number => Math.ceil(t / DETECTION_STEP_MS) * DETECTION_STEP_MS;
