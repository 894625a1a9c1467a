-- Risk that looks ahead (issue 18, item 4): the typhoon advisories' part of a district's score.
-- The typhoon-risk processor reads when the forecast puts the district's stations inside the 7级
-- and 10级 wind circles (see packages/analytics/src/typhoon/README.md); the arrival times are in
-- the typhoon_risk alerts' evidence (`forecast`).
ALTER TABLE risk_scores ADD COLUMN IF NOT EXISTS forecast Float64 DEFAULT 0 COMMENT 'Forecast hazard, 0 to 1: from the advisories'' 7级 (blue band, due within 24 h) and 10级 (yellow band, due within 12 h) wind circles. 0 without an advisory.';

ALTER TABLE risk_scores ADD COLUMN IF NOT EXISTS forecast_missing UInt8 DEFAULT 0 COMMENT '1: no typhoon advisory of the last 12 h was at hand (an optional feed: the score is not degraded, it simply does not look ahead). 0 also for scores stored before this column.';
