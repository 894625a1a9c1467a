-- question: Which grids have households whose water readings keep arriving but show no use at all in the last 12 hours?
-- 问题: 过去 12 小时水表仍在上报但完全没有用水的住户, 按网格统计 (独居老人优先上门)
-- params: as_of DateTime64(3, 'Asia/Shanghai') = the moment "now" stands for
-- columns: district, district_name, grid, households, living_alone, household_ids
SELECT
    h.district AS district,
    dictGetOrDefault('district_dict', 'name_zh', h.district, '') AS district_name,
    h.grid AS grid,
    count() AS households,
    countIf(h.lives_alone) AS living_alone,
    groupArray(20)(u.household_id) AS household_ids
FROM
(
    SELECT household_id
    FROM household_usage_hourly FINAL
    WHERE hour >= {as_of:DateTime64(3, 'Asia/Shanghai')} - INTERVAL 12 HOUR AND hour < {as_of:DateTime64(3, 'Asia/Shanghai')}
    GROUP BY household_id
    HAVING sum(water_readings) > 0 AND sum(water_m3) = 0
) AS u
INNER JOIN households_current AS h ON h.household_id = u.household_id
GROUP BY district, grid
ORDER BY living_alone DESC, households DESC, grid
