import { select } from 'd3-selection';
import 'd3-transition';
import type { RiskValue } from '../feed/channels.ts';
import type { ChannelStore } from '../feed/store.ts';
import { onlyChanged } from '../shared/changed.ts';
import { districtName, missingFeedLabel, riskLevelColour, riskLevelLabel } from '../shared/labels.ts';
import { latestAdvisory } from '../shared/storm.ts';
import { VersionGate } from '../shared/version-gate.ts';
import { windCountdown } from './wind-countdown.ts';
import type { PlacesByDistrict } from './wind-places.ts';

const ROW = 70;

/**
 * What a degraded score lacks (`weather_missing`, `water_missing` components, issue 20): the score
 * rests on the other feeds, so the officer reads a calm district as "unknown", not "safe".
 */
export function missingFeeds(d: RiskValue): string {
  const c = d.components;
  const parts: string[] = [];
  if (c.weather_missing === 1) parts.push(missingFeedLabel.weather);
  if (c.water_missing === 1) parts.push(missingFeedLabel.water);
  return parts.join(' ');
}

/**
 * The 16 districts ranked by risk score; rows slide to their new rank when scores change. With a
 * typhoon advisory, each row says when the 7级 or 10级 wind circle reaches it (风圈到达), counted
 * from the risk channel's data time (a replay's clock, not the wall's), at the district's places
 * (`places()`: its stations, as its score counts them; empty until the registries are read).
 */
export function createRiskRanking(
  host: HTMLElement,
  store: ChannelStore,
  places: () => PlacesByDistrict,
): () => void {
  const list = select(host).append('div').attr('class', 'ranking');
  const gate = new VersionGate(store);
  let drawnPlaces: PlacesByDistrict | undefined;
  return () => {
    // Both gates are asked every time (no short circuit): each remembers what it has seen.
    const changed = [gate.changed('risk'), gate.changed('storm'), places() !== drawnPlaces];
    if (!changed.includes(true)) return;
    drawnPlaces = places();
    const at = drawnPlaces;
    const advisory = latestAdvisory(store);
    const now = Date.parse(store.get('risk')?.asOf ?? '') || Date.parse(advisory?.ts ?? '');
    const countdown = (d: RiskValue): string => {
      const where = at.get(d.district);
      return advisory === undefined || where === undefined || Number.isNaN(now)
        ? ''
        : windCountdown(advisory, where, now);
    };
    const rows = store
      .values<RiskValue>('risk')
      .sort((a, b) => b.score - a.score || a.district.localeCompare(b.district));
    const rank = new Map(rows.map((r, i) => [r.district, i]));
    const wind = new Map(rows.map((r) => [r.district, countdown(r)]));
    const windOf = (d: RiskValue): string => wind.get(d.district) ?? '';
    const top = (d: RiskValue): number => (rank.get(d.district) ?? 0) * ROW;
    list
      .selectAll<HTMLDivElement, RiskValue>('div.rk-row')
      .data(rows, (d) => d.district)
      .join((enter) => {
        const row = enter
          .append('div')
          .attr('class', 'rk-row')
          .style('transform', (d) => `translateY(${top(d)}px)`);
        row.append('span').attr('class', 'rk-chip');
        row.append('span').attr('class', 'rk-name');
        row.append('span').attr('class', 'rk-level');
        row.append('span').attr('class', 'rk-score');
        row.append('span').attr('class', 'rk-degraded');
        row.append('span').attr('class', 'rk-wind');
        return row;
      })
      .attr('data-district', (d) => d.district)
      .attr('data-level', (d) => d.level)
      .attr('data-degraded', (d) => (missingFeeds(d) === '' ? null : 'true'))
      .attr('data-wind', (d) => (windOf(d) === '' ? null : 'true'))
      .call((row) => {
        row.select('.rk-chip').style('background', (d) => riskLevelColour[d.level]);
        row.select('.rk-name').text((d) => d.name || (districtName[d.district] ?? d.district));
        row.select('.rk-level').text((d) => riskLevelLabel[d.level]);
        row.select('.rk-score').text((d) => d.score.toFixed(0));
        row.select('.rk-degraded').text(missingFeeds);
        row.select('.rk-wind').text(windOf);
      })
      .call((rows) =>
        onlyChanged(rows, (d) => String(top(d)))
          .transition()
          .duration(700)
          .style('transform', (d) => `translateY(${top(d)}px)`),
      );
  };
}
