-- question: How much rain fell in each district over the last 1, 3 and 24 hours (whole hours before now)?
-- 问题: 各区最近 1 / 3 / 24 小时累计雨量
-- params: as_of DateTime64(3, 'Asia/Shanghai') = the moment "now" stands for (whole hours before it are counted)
-- columns: district, district_name, rain_1h_mm, rain_3h_mm, rain_24h_mm, gust_max_24h_ms
SELECT
    district,
    dictGetOrDefault('district_dict', 'name_zh', district, '') AS district_name,
    round(sumIf(rain_mm, hour >= toStartOfHour({as_of:DateTime64(3, 'Asia/Shanghai')}) - INTERVAL 1 HOUR), 1) AS rain_1h_mm,
    round(sumIf(rain_mm, hour >= toStartOfHour({as_of:DateTime64(3, 'Asia/Shanghai')}) - INTERVAL 3 HOUR), 1) AS rain_3h_mm,
    round(sum(rain_mm), 1) AS rain_24h_mm,
    max(gust_max_ms) AS gust_max_24h_ms
FROM weather_district_hourly
WHERE hour >= toStartOfHour({as_of:DateTime64(3, 'Asia/Shanghai')}) - INTERVAL 24 HOUR AND hour < toStartOfHour({as_of:DateTime64(3, 'Asia/Shanghai')})
  AND district != ''
GROUP BY district
ORDER BY rain_24h_mm DESC
