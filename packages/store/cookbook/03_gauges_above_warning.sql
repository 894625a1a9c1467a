-- question: Which gauges are at or above their warning level now, by how much, and since when?
-- 问题: 当前超过警戒水位的水位站, 超出多少, 何时开始超警
-- params: as_of DateTime64(3, 'Asia/Shanghai') = the moment "now" stands for
-- columns: gauge_id, name, district, kind, level_m, warning_level_m, guarantee_level_m, above_warning_m, status, crossed_at
WITH latest AS
(
    SELECT gauge_id, argMax(level_last_m, bucket) AS level_m
    FROM gauge_levels_5m
    WHERE bucket > {as_of:DateTime64(3, 'Asia/Shanghai')} - INTERVAL 1 HOUR AND bucket <= {as_of:DateTime64(3, 'Asia/Shanghai')}
    GROUP BY gauge_id
),
crossings AS
(
    SELECT gauge_id, min(bucket) AS crossed_at
    FROM gauge_levels_5m
    WHERE bucket > {as_of:DateTime64(3, 'Asia/Shanghai')} - INTERVAL 48 HOUR AND bucket <= {as_of:DateTime64(3, 'Asia/Shanghai')}
      AND level_max_m >= warning_level_m
    GROUP BY gauge_id
)
SELECT
    l.gauge_id AS gauge_id,
    g.name AS name,
    g.district AS district,
    g.kind AS kind,
    l.level_m AS level_m,
    g.warning_level_m AS warning_level_m,
    g.guarantee_level_m AS guarantee_level_m,
    round(l.level_m - g.warning_level_m, 2) AS above_warning_m,
    if(l.level_m >= g.guarantee_level_m, 'guarantee', 'warning') AS status,
    c.crossed_at AS crossed_at
FROM latest AS l
INNER JOIN gauges_current AS g ON g.gauge_id = l.gauge_id
LEFT JOIN crossings AS c ON c.gauge_id = l.gauge_id
WHERE l.level_m >= g.warning_level_m
ORDER BY above_warning_m DESC
