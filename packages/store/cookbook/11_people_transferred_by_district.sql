-- question: How many people has each district transferred out of danger zones, and how many are in its shelters?
-- 问题: 各区转移安置人数及在避难场所人数
-- params: as_of DateTime64(3, 'Asia/Shanghai') = the moment "now" stands for
-- columns: district, district_name, transferred, per_10k_residents, checked_in, checked_out, in_shelters
SELECT
    district,
    dictGetOrDefault('district_dict', 'name_zh', district, '') AS district_name,
    sumIf(people, action = 'transferred') AS transferred,
    round(transferred / dictGetOrDefault('district_dict', 'population', district, toUInt32(0)) * 10000, 1) AS per_10k_residents,
    sumIf(people, action = 'check_in') AS checked_in,
    sumIf(people, action = 'check_out') AS checked_out,
    toInt64(checked_in) - toInt64(checked_out) AS in_shelters
FROM evacuation_events FINAL
WHERE ts <= {as_of:DateTime64(3, 'Asia/Shanghai')}
GROUP BY district
ORDER BY transferred DESC
