-- question: How many units of each resource type are available, dispatched, on site, returning or out of service now?
-- 问题: 各类应急资源当前状态分布 (可用 / 已派出 / 在现场 / 返回中 / 故障)
-- params: as_of DateTime64(3, 'Asia/Shanghai') = the moment "now" stands for
-- columns: type, resources, available, dispatched, on_site, returning, out_of_service
SELECT
    type,
    count() AS resources,
    sumIf(quantity, status = 'available') AS available,
    sumIf(quantity, status = 'dispatched') AS dispatched,
    sumIf(quantity, status = 'on_site') AS on_site,
    sumIf(quantity, status = 'returning') AS returning,
    sumIf(quantity, status = 'out_of_service') AS out_of_service
FROM
(
    SELECT resource_id, argMax(type, ts) AS type, argMax(status, ts) AS status, argMax(quantity, ts) AS quantity
    FROM resource_events
    WHERE ts <= {as_of:DateTime64(3, 'Asia/Shanghai')}
    GROUP BY resource_id
)
GROUP BY type
ORDER BY type
