import type { ChannelValue, FeedChannel } from '@onegrid/server';

/*
 * The values of the feed's channels (shared-spec B). The server owns their schemas
 * (`CHANNEL_VALUES` in @onegrid/server); the screens only name the parts they read.
 */

export type ChannelName = FeedChannel;

export type RiskValue = ChannelValue<'risk'>;
export type GaugeValue = ChannelValue<'gauges'>;
export type GaugeStatus = GaugeValue['status'];
export type WeatherValue = ChannelValue<'weather'>;
export type StormValue = ChannelValue<'storm'>;
/** Under key `track` of `storm`: the centre estimated from the weather stations. */
export type StormTrack = Extract<StormValue, { points: unknown }>;
export type StormPoint = StormTrack['points'][number];
/** Under key `advisory:<storm_id>` of `storm`: the latest typhoon advisory of a storm. */
export type StormAdvisory = Extract<StormValue, { storm_id: string }>;
export type AdvisoryPoint = StormAdvisory['forecast'][number];
export type AlertValue = ChannelValue<'alerts'>;
/** Under key `shelter:<shelter_id>` of `evacuation`. */
export type ShelterValue = Extract<ChannelValue<'evacuation'>, { shelter_id: string }>;
/** Under key `total` and under each district code of `evacuation`. */
export type EvacuationCount = Exclude<ChannelValue<'evacuation'>, ShelterValue>;
export type ResourceValue = ChannelValue<'resources'>;
export type ResourceStatusName = keyof ResourceValue['by_status'];
export type TicketStats = ChannelValue<'tickets'>;
