-- question: How full are each district's shelters against their capacity, and which shelter is fullest?
-- 问题: 各区避难场所容量与当前安置人数, 最满的场所
-- params: as_of DateTime64(3, 'Asia/Shanghai') = the moment "now" stands for
-- columns: district, district_name, shelters, capacity, occupancy, free, fill_rate, fullest_shelter, fullest_fill_rate
SELECT
    s.district AS district,
    dictGetOrDefault('district_dict', 'name_zh', s.district, '') AS district_name,
    count() AS shelters,
    sum(s.capacity) AS capacity,
    sum(o.occupancy) AS occupancy,
    toInt64(capacity) - occupancy AS free,
    round(occupancy / capacity, 3) AS fill_rate,
    argMax(s.name, o.occupancy / s.capacity) AS fullest_shelter,
    round(max(o.occupancy / s.capacity), 3) AS fullest_fill_rate
FROM shelters_current AS s
LEFT JOIN
(
    SELECT shelter_id, sumIf(toInt64(people), action = 'check_in') - sumIf(toInt64(people), action = 'check_out') AS occupancy
    FROM evacuation_events FINAL
    WHERE ts <= {as_of:DateTime64(3, 'Asia/Shanghai')} AND action IN ('check_in', 'check_out')
    GROUP BY shelter_id
) AS o ON o.shelter_id = s.shelter_id
GROUP BY district
ORDER BY fill_rate DESC
