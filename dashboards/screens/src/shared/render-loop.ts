/**
 * One requestAnimationFrame loop per page. `frame` runs every animation frame but is expected
 * to return at once when nothing changed (panels compare store versions), so an idle screen
 * costs a few microseconds a frame; `tick` runs once a second for clocks and ages.
 */
export function startRenderLoop(frame: (now: number) => void, tick: (now: number) => void): () => void {
  let handle = 0;
  let lastTick = 0;
  const loop = (): void => {
    const now = Date.now();
    if (now - lastTick >= 1000) {
      lastTick = now - (now % 1000);
      tick(now);
    }
    frame(now);
    handle = requestAnimationFrame(loop);
  };
  handle = requestAnimationFrame(loop);
  return () => cancelAnimationFrame(handle);
}
