import { formatMdHm } from '../shared/format.ts';
import type { ReplayClient } from './replay-client.ts';
import type { ReplayProgress } from './replay-mode.ts';
import { refusalHeadline } from './replay-refusal.ts';

const STATE_TEXT: Record<ReplayProgress['state'], string> = {
  connecting: '连接中…',
  playing: '播放中',
  paused: '已暂停',
  ended: '回放结束',
  refused: '无法回放',
};

/**
 * The banner no duty officer can miss: 回放, the replayed time, a progress bar, speed, state and
 * a pause button, across the top; the canvas gets `data-mode="replay"` for a different frame
 * colour (replay.css). Returns the per-frame update.
 */
export function createReplayBanner(canvas: HTMLElement, client: ReplayClient): (now: number) => void {
  canvas.dataset.mode = 'replay';
  const banner = document.createElement('div');
  banner.className = 'replay-banner';
  banner.dataset.testid = 'replay-banner';
  banner.innerHTML = `<span class="replay-tag">回放</span><span class="replay-time"></span>
    <span class="replay-bar"><span class="replay-fill"></span></span><span class="replay-meta"></span>
    <button type="button" class="replay-toggle">暂停</button>`;
  canvas.append(banner);
  const time = banner.querySelector<HTMLElement>('.replay-time');
  const fill = banner.querySelector<HTMLElement>('.replay-fill');
  const meta = banner.querySelector<HTMLElement>('.replay-meta');
  const toggle = banner.querySelector<HTMLButtonElement>('.replay-toggle');
  const flip = () => (client.progress.state === 'paused' ? client.resume() : client.pause());
  toggle?.addEventListener('click', flip);
  document.addEventListener('keydown', (e) => {
    if (e.key === ' ') flip();
  });
  let shown = '';

  return (now) => {
    client.tick(now);
    const p = client.progress;
    const range = p.from === null || p.to === null ? '' : `${formatMdHm(p.from)} → ${formatMdHm(p.to)}`;
    const parts = [
      p.scenarioTime === null ? '—' : formatMdHm(p.scenarioTime),
      `${(p.progress * 100).toFixed(0)}%`,
      // The code here; the server's own words in the alarm banner (the status bar), as text.
      `${range} · ${p.speed ?? '—'}× · ${p.code === null ? STATE_TEXT[p.state] : `${p.state === 'refused' ? STATE_TEXT.refused : '重试中'} · ${refusalHeadline(p.code)}`}`,
      p.state,
      p.code ?? '',
    ] as const;
    const key = JSON.stringify(parts);
    if (key === shown) return;
    shown = key;
    const [t, pct, m] = parts;
    if (time !== null) time.textContent = t;
    if (fill !== null) fill.style.width = pct;
    if (meta !== null) meta.textContent = m;
    if (toggle !== null) toggle.textContent = p.state === 'paused' ? '继续' : '暂停';
    banner.dataset.state = p.state;
    banner.dataset.code = p.code ?? '';
  };
}
