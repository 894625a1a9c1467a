-- question: Which meters reported in the last day but have been silent for several hours (a device or network problem, not a person)?
-- 问题: 最近一天上报过但已静默数小时的电表水表, 按区和类型统计
-- params: as_of DateTime64(3, 'Asia/Shanghai') = the moment "now" stands for; silent_hours UInt32 = hours without a reading
-- columns: district, district_name, kind, silent_meters, longest_silent_h, meter_ids
SELECT
    dictGetOrDefault('household_dict', 'district', household_id, '') AS district,
    dictGetOrDefault('district_dict', 'name_zh', district, '') AS district_name,
    kind,
    count() AS silent_meters,
    round(max(dateDiff('second', last_ts, {as_of:DateTime64(3, 'Asia/Shanghai')})) / 3600, 1) AS longest_silent_h,
    groupArray(20)(meter_id) AS meter_ids
FROM
(
    SELECT meter_id, any(household_id) AS household_id, any(kind) AS kind, max(ts) AS last_ts
    FROM meter_readings
    WHERE ts > {as_of:DateTime64(3, 'Asia/Shanghai')} - INTERVAL 24 HOUR AND ts <= {as_of:DateTime64(3, 'Asia/Shanghai')}
    GROUP BY meter_id
)
WHERE last_ts < {as_of:DateTime64(3, 'Asia/Shanghai')} - toIntervalHour({silent_hours:UInt32})
GROUP BY district, kind
ORDER BY silent_meters DESC, district, kind
