import { connectFeed, tokenFromLocation } from '../feed/browser.ts';
import type { ChannelName, RiskValue } from '../feed/channels.ts';
import { ChannelStore } from '../feed/store.ts';
import { fitDesignCanvas } from '../shared/design-canvas.ts';
import { showFreshness } from '../shared/freshness.ts';
import { startRenderLoop } from '../shared/render-loop.ts';
import { createStatusBar } from '../shared/status-bar.ts';
import { parseCone } from './cone.ts';
import { createEvacuationPanel } from './evacuation-panel.ts';
import { createMapPanel } from './map-panel.ts';
import { connectReplay } from './replay-connect.ts';
import { replayFromSearch } from './replay-mode.ts';
import { createResourcesPanel } from './resources-panel.ts';
import { createRiskRanking } from './risk-ranking.ts';
import { createTickerPanel } from './ticker-panel.ts';
import { createTicketsPanel } from './tickets-panel.ts';
import { createWaterPanel } from './water-panel.ts';
import { createWeatherPanel } from './weather-panel.ts';
import { fetchPlaces, type PlacesByDistrict } from './wind-places.ts';

const CHANNELS: readonly ChannelName[] = [
  'risk',
  'gauges',
  'weather',
  'storm',
  'alerts',
  'evacuation',
  'resources',
  'tickets',
];

function must<T extends Element>(selector: string): T {
  const el = document.querySelector<T>(selector);
  if (el === null) throw new Error(`big screen: ${selector} missing from index.html`);
  return el;
}

const canvas = must<HTMLElement>('#canvas');
fitDesignCanvas(canvas);
const store = new ChannelStore();
const body = (panel: string): HTMLElement => must<HTMLElement>(`.${panel} .panel-body`);

/**
 * Where each district meets the wind circles (its stations, as the score counts them). Read
 * again every 2 s while some ranked district has none (a wall opened before the city's
 * registries arrived, or a registry still landing: a countdown missed then is missed for good
 * when a storm comes fast) and every 10 min once every district has them: stations are added
 * and moved rarely.
 */
const token = tokenFromLocation(window.location);
let places: PlacesByDistrict = new Map();
const placesMissing = (): boolean =>
  places.size === 0 || store.values<RiskValue>('risk').some((r) => !places.has(r.district));
function readPlaces(): void {
  fetchPlaces(token)
    .then((read) => {
      places = read;
    })
    .catch((error: unknown) => console.warn('风圈到达: 登记读取失败', error))
    .finally(() => setTimeout(readPlaces, placesMissing() ? 2_000 : 600_000));
}
readPlaces();

const panels = [
  // The cone's radii: `?cone=150,250,350` (km at 24/48/72 h, the default) or lead:radius pairs.
  createMapPanel(
    must('.map-host'),
    store,
    parseCone(new URLSearchParams(window.location.search).get('cone')),
  ),
  createRiskRanking(must('.ranking-host'), store, () => places),
  createEvacuationPanel(body('p-evac'), store),
  createResourcesPanel(body('p-resources'), store),
  createWeatherPanel(body('p-weather'), store),
  createTickerPanel(body('p-ticker'), store),
  createWaterPanel(body('p-water'), store),
  createTicketsPanel(body('p-tickets'), store),
];

// `/?replay=<from>,<to>,<speed>`: stored history from the replay endpoint instead of the live feed.
const replayAsked = replayFromSearch(window.location.search);
const replay = replayAsked === null ? null : connectReplay(canvas, store, CHANNELS, replayAsked);
const feed = replay ?? connectFeed(store, CHANNELS, token);
const status = createStatusBar(canvas, store, feed.stats);
const freshness = [...document.querySelectorAll<HTMLElement>('section.panel[data-channel]')].map((panel) => ({
  panel,
  line: panel.querySelector<HTMLElement>('.panel-age') ?? panel,
  channel: panel.dataset.channel ?? '',
}));

// A wall is read from across a room: one redraw a second is plenty, however often the feed
// changes, and it keeps the screen's paint work (in software at 4K) within a frame budget.
const DRAW_INTERVAL_MS = 1_000;
let drawnVersion = -1;
let drawnAt = Number.NEGATIVE_INFINITY;
startRenderLoop(
  (now) => {
    if (store.version === drawnVersion || now - drawnAt < DRAW_INTERVAL_MS) return;
    drawnVersion = store.version;
    drawnAt = now;
    for (const draw of panels) draw();
  },
  (now) => {
    replay?.update(now);
    status(now);
    for (const f of freshness) showFreshness(f.panel, f.line, store.get(f.channel), feed.stats, now);
  },
);

// For the browser tests and the benchmark: read-only views of the feed and the store.
Object.assign(window, { onegridScreen: { store, feed: feed.stats } });
