-- A refuted reading's row wins over the archive's copy whatever the order of the two inserts.
-- The typhoon-risk processor stores a refuted reading again, flagged (0016), and FINAL keeps the
-- row with the highest ingested_at. Both were stamped with the wall clock at insert, so the flag
-- won only when it was inserted after the archive's copy: two processors, two sinks, no order
-- between them. With the hazard topic flushed every 50 ms the flag often came first, and the
-- archive's copy, inserted a second later, replaced it (dead-feed.test.ts: 6-8 of 9 glitch
-- readings stored refuted; seen through both copies' ingested_at). An archive that replays after
-- a restart re-inserts its copy later still. So a refuted row's version is its insert time plus
-- 100 years: any refuted copy beats every plain one, and the latest refuted copy the others.
ALTER TABLE water_levels MODIFY COLUMN ingested_at DateTime64(3, 'UTC') DEFAULT if(quality = 'refuted', now64(3) + INTERVAL 100 YEAR, now64(3)) COMMENT 'When onegrid stored the row (UTC wall clock), plus 100 years for a refuted row (quality = ''refuted''), so that it replaces the archive''s plain copy whichever was inserted first. Version of the ReplacingMergeTree.';

ALTER TABLE weather_observations MODIFY COLUMN ingested_at DateTime64(3, 'UTC') DEFAULT if(notEmpty(refuted_fields), now64(3) + INTERVAL 100 YEAR, now64(3)) COMMENT 'When onegrid stored the row (UTC wall clock), plus 100 years for a row with refuted values (refuted_fields not empty), so that it replaces the archive''s plain copy whichever was inserted first. Version of the ReplacingMergeTree.';
