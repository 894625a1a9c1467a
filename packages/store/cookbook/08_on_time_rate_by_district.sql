-- question: What share of tickets did each district resolve within the time limit, and how many are overdue?
-- 问题: 各区工单按时办结率及超期未办数
-- params: from DateTime64(3, 'Asia/Shanghai'); to DateTime64(3, 'Asia/Shanghai') = the period tickets were reported in
-- columns: district, district_name, tickets, decided, resolved_on_time, on_time_rate, overdue
SELECT
    district,
    dictGetOrDefault('district_dict', 'name_zh', district, '') AS district_name,
    count() AS tickets,
    countIf(on_time IS NOT NULL) AS decided,
    countIf(on_time = true) AS resolved_on_time,
    round(resolved_on_time / nullIf(decided, 0), 3) AS on_time_rate,
    countIf(overdue) AS overdue
FROM tickets FINAL
WHERE reported_at >= {from:DateTime64(3, 'Asia/Shanghai')} AND reported_at < {to:DateTime64(3, 'Asia/Shanghai')}
GROUP BY district
ORDER BY on_time_rate ASC NULLS LAST, district
