-- question: How much water and electricity did each district use per hour, and how many households reported?
-- 问题: 各区逐小时用水用电量及上报住户数
-- params: from DateTime64(3, 'Asia/Shanghai'); to DateTime64(3, 'Asia/Shanghai')
-- columns: district, hour, households, water_m3_total, electricity_kwh_total, water_l_per_household
SELECT
    dictGetOrDefault('household_dict', 'district', household_id, '') AS district,
    hour,
    countIf(water_readings > 0) AS households,
    round(sum(water_m3), 3) AS water_m3_total,
    round(sum(electricity_kwh), 1) AS electricity_kwh_total,
    round(water_m3_total * 1000 / nullIf(households, 0), 1) AS water_l_per_household
FROM household_usage_hourly FINAL
WHERE hour >= {from:DateTime64(3, 'Asia/Shanghai')} AND hour < {to:DateTime64(3, 'Asia/Shanghai')}
GROUP BY district, hour
ORDER BY district, hour
