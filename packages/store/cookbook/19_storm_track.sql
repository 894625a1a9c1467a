-- question: Where was the storm centre hour by hour, estimated from the station with the lowest pressure?
-- 问题: 按气压最低站点估算的台风中心逐小时位置
-- params: from DateTime64(3, 'Asia/Shanghai'); to DateTime64(3, 'Asia/Shanghai')
-- columns: hour, low_station_id, station_name, district, pressure_hpa, lat, lon
SELECT
    hour,
    argMin(station_id, pressure_min) AS low_station_id,
    dictGetOrDefault('station_dict', 'name', low_station_id, '') AS station_name,
    dictGetOrDefault('station_dict', 'district', low_station_id, '') AS district,
    min(pressure_min) AS pressure_hpa,
    dictGetOrDefault('station_dict', 'lat', low_station_id, nan) AS lat,
    dictGetOrDefault('station_dict', 'lon', low_station_id, nan) AS lon
FROM weather_hourly
WHERE hour >= {from:DateTime64(3, 'Asia/Shanghai')} AND hour < {to:DateTime64(3, 'Asia/Shanghai')} AND pressure_min IS NOT NULL
GROUP BY hour
ORDER BY hour
