-- question: When a street office blew the whistle, which summoned departments arrived late or not at all?
-- 问题: 吹哨报到中各部门报到情况: 超时或未报到
-- params: from DateTime64(3, 'Asia/Shanghai'); to DateTime64(3, 'Asia/Shanghai') = the period the whistles were blown in
-- columns: department, summoned, arrived, late, arrived_on_time, not_arrived, p50_arrive_min, max_arrive_min
SELECT
    department,
    count() AS summoned,
    countIf(arrived_at IS NOT NULL) AS arrived,
    countIf(on_time = false AND arrived_at IS NOT NULL) AS late,
    countIf(on_time = true) AS arrived_on_time,
    countIf(arrived_at IS NULL) AS not_arrived,
    round(quantileExact(0.5)(arrive_s) / 60, 1) AS p50_arrive_min,
    round(max(arrive_s) / 60, 1) AS max_arrive_min
FROM ticket_summons FINAL
WHERE whistle_at >= {from:DateTime64(3, 'Asia/Shanghai')} AND whistle_at < {to:DateTime64(3, 'Asia/Shanghai')}
GROUP BY department
ORDER BY late + not_arrived DESC, department
