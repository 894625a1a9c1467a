-- question: What was the strongest gust in each district during a period, where and when?
-- 问题: 各区时段内最大阵风、出现站点和时间
-- params: from DateTime64(3, 'Asia/Shanghai'); to DateTime64(3, 'Asia/Shanghai')
-- columns: district, district_name, gust_max_ms, gust_station_id, station_name, at
SELECT
    district,
    dictGetOrDefault('district_dict', 'name_zh', district, '') AS district_name,
    max(wind_gust_ms) AS gust_max_ms,
    argMax(station_id, wind_gust_ms) AS gust_station_id,
    dictGetOrDefault('station_dict', 'name', gust_station_id, '') AS station_name,
    argMax(ts, wind_gust_ms) AS at
FROM
(
    SELECT dictGetOrDefault('station_dict', 'district', station_id, '') AS district, station_id, ts, wind_gust_ms
    FROM weather_observations
    WHERE ts >= {from:DateTime64(3, 'Asia/Shanghai')} AND ts < {to:DateTime64(3, 'Asia/Shanghai')} AND wind_gust_ms IS NOT NULL
)
WHERE district != ''
GROUP BY district
ORDER BY gust_max_ms DESC
