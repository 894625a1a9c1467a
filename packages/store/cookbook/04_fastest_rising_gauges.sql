-- question: Which gauges rose fastest over the last hour, and how far are they from their warning level?
-- 问题: 过去 1 小时涨势最快的水位站及距警戒水位还差多少
-- params: as_of DateTime64(3, 'Asia/Shanghai') = the moment "now" stands for; top UInt32 = how many gauges
-- columns: gauge_id, name, district, kind, level_m, rise_m_per_h, warning_level_m, to_warning_m
SELECT
    gauge_id,
    any(name) AS name,
    any(district) AS district,
    any(kind) AS kind,
    argMax(level_last_m, bucket) AS level_m,
    round((level_m - argMin(level_last_m, bucket)) / (dateDiff('second', min(bucket), max(bucket)) / 3600), 3) AS rise_m_per_h,
    any(warning_level_m) AS warning_level_m,
    round(warning_level_m - level_m, 2) AS to_warning_m
FROM gauge_levels_5m
WHERE bucket > {as_of:DateTime64(3, 'Asia/Shanghai')} - INTERVAL 1 HOUR AND bucket <= {as_of:DateTime64(3, 'Asia/Shanghai')}
GROUP BY gauge_id
HAVING max(bucket) > min(bucket)
ORDER BY rise_m_per_h DESC
LIMIT {top:UInt32}
