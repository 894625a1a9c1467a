import { describe, expect, it } from 'vitest';
import { WeatherModel } from './weather-model.ts';

const HOUR = Date.UTC(2026, 8, 13, 18, 0, 0); // 2026-09-14T02:00:00+08:00
const MIN = 60_000;
const fields = (gust: number, rain = 1) => ({ wind: 13, gust, rain, pressure: 990 });

describe('WeatherModel > values refuted as instrument faults (issue 18)', () => {
  it('leaves a refuted gust and rain out of the panel, whichever copy comes after', () => {
    const model = new WeatherModel();
    model.observation('AWS-1', '310115', HOUR + 10 * MIN, fields(19));
    // From Kafka: a glitch gust and a 16 mm burst, not judged yet.
    model.observation('AWS-1', '310115', HOUR + 15 * MIN, fields(41, 16));
    expect(model.view().data['310115']).toMatchObject({ wind_gust_ms: 41, rain_1h_mm: 17 });
    // The store's catch-up: the typhoon-risk processor refuted both.
    model.observation('AWS-1', '310115', HOUR + 15 * MIN, fields(41, 16), ['wind_gust_ms', 'rain_mm']);
    expect(model.view().data['310115']).toMatchObject({ wind_speed_ms: 13, wind_gust_ms: 19, rain_1h_mm: 1 });
    // A copy of the observation read again from Kafka does not bring them back.
    model.observation('AWS-1', '310115', HOUR + 15 * MIN, fields(41, 16));
    expect(model.view().data['310115']).toMatchObject({ wind_gust_ms: 19, rain_1h_mm: 1, rain_24h_mm: 1 });
  });
});
