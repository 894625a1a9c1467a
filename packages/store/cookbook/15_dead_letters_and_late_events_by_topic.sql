-- question: Which feeds send messages onegrid cannot use (dead letters) or sends them too late, and why?
-- 问题: 各数据源的无效消息 (死信) 与迟到事件数量及原因
-- params: from DateTime64(3, 'Asia/Shanghai'); to DateTime64(3, 'Asia/Shanghai') = the period the messages were received in (late events: their event time)
-- columns: topic, kind, code, messages, example_reason
SELECT topic, 'dead_letter' AS kind, code, uniqExact(partition, offset) AS messages, any(reason) AS example_reason
FROM dead_letters
WHERE received_at >= {from:DateTime64(3, 'Asia/Shanghai')} AND received_at < {to:DateTime64(3, 'Asia/Shanghai')}
GROUP BY topic, code
UNION ALL
SELECT topic, 'late' AS kind, processor AS code, uniqExact(partition, offset) AS messages,
       concat('up to ', toString(round(max(dateDiff('second', event_time, ifNull(watermark, event_time))) / 3600, 1)), ' h behind the watermark') AS example_reason
FROM late_events
WHERE event_time >= {from:DateTime64(3, 'Asia/Shanghai')} AND event_time < {to:DateTime64(3, 'Asia/Shanghai')}
GROUP BY topic, processor
ORDER BY messages DESC
