-- Analysts' queries yield the cores to the processors (issue 16): the threads of a query run as
-- the analyst profile are niced to 19, the lowest priority, so where cores are short the
-- processors' threads (nice 0) run first and lag stays bounded while five heavy queries run
-- (docs/measurements.md). CONST: an analyst cannot raise it back; the runner sends the same value.
-- The server applies it only with CAP_SYS_NICE (the packaged systemd unit grants it). Embedded
-- chDB has no access control: the runner skips this file there and sends the setting per query.
ALTER SETTINGS PROFILE onegrid_analyst ADD SETTINGS os_thread_priority = 19 CONST;
