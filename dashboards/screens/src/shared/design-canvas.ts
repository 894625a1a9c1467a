export const DESIGN_WIDTH = 3840;
export const DESIGN_HEIGHT = 2160;

/**
 * Lays the screen out once on a 3840×2160 canvas and scales it to the window with a CSS
 * transform, so 1920×1080 shows the same layout at half size (vector text and SVG re-raster
 * crisply at any scale). Letterboxes a window of another aspect ratio.
 */
export function fitDesignCanvas(canvas: HTMLElement): () => void {
  const fit = (): void => {
    const scale = Math.min(window.innerWidth / DESIGN_WIDTH, window.innerHeight / DESIGN_HEIGHT);
    const left = (window.innerWidth - DESIGN_WIDTH * scale) / 2;
    const top = (window.innerHeight - DESIGN_HEIGHT * scale) / 2;
    canvas.style.transform = `translate(${left}px, ${top}px) scale(${scale})`;
  };
  fit();
  window.addEventListener('resize', fit);
  return () => window.removeEventListener('resize', fit);
}
