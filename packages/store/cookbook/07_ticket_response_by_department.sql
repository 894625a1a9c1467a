-- question: What are the median and 90th-percentile response times of each department for tickets reported in a period?
-- 问题: 各部门工单响应时长 (中位数与 90 分位), 按上报时间段统计
-- params: from DateTime64(3, 'Asia/Shanghai'); to DateTime64(3, 'Asia/Shanghai') = the period tickets were reported in
-- columns: department, tickets, resolved, p50_accept_min, p50_resolve_min, p90_resolve_min
SELECT
    department,
    count() AS tickets,
    countIf(first_resolved_at IS NOT NULL) AS resolved,
    round(quantileExact(0.5)(accept_s) / 60, 1) AS p50_accept_min,
    round(quantileExact(0.5)(resolve_s) / 60, 1) AS p50_resolve_min,
    round(quantileExact(0.9)(resolve_s) / 60, 1) AS p90_resolve_min
FROM tickets FINAL
WHERE reported_at >= {from:DateTime64(3, 'Asia/Shanghai')} AND reported_at < {to:DateTime64(3, 'Asia/Shanghai')}
GROUP BY department
ORDER BY tickets DESC, department
