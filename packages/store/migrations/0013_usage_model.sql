-- Which inactivity model judged each household's hour, so the share of households on their own
-- learnt rhythm (and on the fallback before they have enough history) can be read from the
-- store; and which hours belonged to an inactivity alert, so a restarted detector rebuilds the
-- same learnt rhythm (those hours are never learnt from).
ALTER TABLE household_usage_hourly ADD COLUMN IF NOT EXISTS model LowCardinality(String) DEFAULT '' COMMENT 'Inactivity model that judged the household when the row was written: learnt (its own rhythm, enough history), default (the fallback before that). Empty: rows written before this column.';

ALTER TABLE household_usage_hourly ADD COLUMN IF NOT EXISTS in_alert UInt8 DEFAULT 0 COMMENT '1: the hour is part of a utility_inactivity alert, so it is not learnt from (an absence is not normal life).';
