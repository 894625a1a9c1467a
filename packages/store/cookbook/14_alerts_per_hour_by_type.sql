-- question: How many alerts of each type did onegrid raise per hour?
-- 问题: 每小时各类告警数量
-- params: from DateTime64(3, 'Asia/Shanghai'); to DateTime64(3, 'Asia/Shanghai') = the period the alerts were raised in
-- columns: hour, type, alerts, critical
SELECT
    toStartOfHour(detected_at) AS hour,
    type,
    uniqExact(alert_id) AS alerts,
    uniqExactIf(alert_id, severity = 'critical') AS critical
FROM alerts
WHERE status = 'open' AND detected_at >= {from:DateTime64(3, 'Asia/Shanghai')} AND detected_at < {to:DateTime64(3, 'Asia/Shanghai')}
GROUP BY hour, type
ORDER BY hour, type
