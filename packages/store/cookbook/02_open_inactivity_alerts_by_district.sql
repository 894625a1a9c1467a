-- question: How many utility-inactivity alerts are still open in each district, and how long have they been open?
-- 问题: 各区仍未解除的"水电停用"告警数量及已持续时长
-- params: as_of DateTime64(3, 'Asia/Shanghai') = the moment "now" stands for
-- columns: district, district_name, open_alerts, critical, longest_open_h, mean_open_h
SELECT
    district,
    dictGetOrDefault('district_dict', 'name_zh', district, '') AS district_name,
    count() AS open_alerts,
    countIf(severity = 'critical') AS critical,
    round(max(dateDiff('second', since, {as_of:DateTime64(3, 'Asia/Shanghai')})) / 3600, 1) AS longest_open_h,
    round(avg(dateDiff('second', since, {as_of:DateTime64(3, 'Asia/Shanghai')})) / 3600, 1) AS mean_open_h
FROM alerts_current
WHERE type = 'utility_inactivity'
  AND opened_at <= {as_of:DateTime64(3, 'Asia/Shanghai')}
  AND (resolved_at IS NULL OR resolved_at > {as_of:DateTime64(3, 'Asia/Shanghai')})
GROUP BY district
ORDER BY open_alerts DESC, district
