import type { StormAdvisory, StormValue } from '../feed/channels.ts';
import type { ChannelStore } from '../feed/store.ts';
import { formatFixed } from './format.ts';
import { typhoonCategoryLabel } from './labels.ts';

/** The newest advisory on the channel (by observation time), if the optional feed has spoken. */
export function latestAdvisory(store: ChannelStore): StormAdvisory | undefined {
  return store
    .values<StormValue>('storm')
    .filter((v): v is StormAdvisory => 'storm_id' in v)
    .sort((a, b) => Date.parse(b.ts) - Date.parse(a.ts))[0];
}

/** `台风 海葵 强台风 · 960百帕 · 42米/秒`: the storm in one line, for the legend and the header. */
export function advisoryTitle(a: StormAdvisory): string {
  const parts = [`台风 ${a.name_zh || a.storm_id}`, typhoonCategoryLabel[a.category] ?? ''];
  const pressure = a.pressure_hpa === null ? '' : ` · ${Math.round(a.pressure_hpa)}百帕`;
  const wind = a.max_wind_ms === null ? '' : ` · ${formatFixed(a.max_wind_ms, 0)}米/秒`;
  return `${parts.filter((p) => p !== '').join(' ')}${pressure}${wind}`;
}
