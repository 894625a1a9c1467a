-- question: How satisfied are citizens with each category of ticket, and how often are tickets reopened?
-- 问题: 各类工单群众满意度及重办率
-- params: from DateTime64(3, 'Asia/Shanghai'); to DateTime64(3, 'Asia/Shanghai') = the period tickets were reported in
-- columns: category, tickets, rated, satisfaction_avg, satisfied_rate, reopened_rate
SELECT
    category,
    count() AS tickets,
    countIf(satisfaction IS NOT NULL) AS rated,
    round(avg(satisfaction), 2) AS satisfaction_avg,
    round(countIf(satisfaction >= 4) / nullIf(rated, 0), 3) AS satisfied_rate,
    round(countIf(reopened > 0) / tickets, 3) AS reopened_rate
FROM tickets FINAL
WHERE reported_at >= {from:DateTime64(3, 'Asia/Shanghai')} AND reported_at < {to:DateTime64(3, 'Asia/Shanghai')}
GROUP BY category
ORDER BY tickets DESC, category
