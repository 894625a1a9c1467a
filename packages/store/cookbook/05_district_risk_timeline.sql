-- question: How did one district's typhoon risk evolve hour by hour, and what drove it?
-- 问题: 某区台风风险逐小时变化及主要因素
-- params: district String = district code, e.g. 310115; from DateTime64(3, 'Asia/Shanghai'); to DateTime64(3, 'Asia/Shanghai')
-- columns: hour, score, level, wind, rain, water, exposure, max_score
SELECT
    toStartOfHour(at) AS hour,
    argMax(s, at) AS score,
    argMax(l, at) AS level,
    argMax(w, at) AS wind,
    argMax(r, at) AS rain,
    argMax(h, at) AS water,
    argMax(e, at) AS exposure,
    max(s) AS max_score
FROM
(
    SELECT ts AS at, score AS s, level AS l, wind AS w, rain AS r, water AS h, exposure AS e
    FROM risk_scores
    WHERE district = {district:String} AND ts >= {from:DateTime64(3, 'Asia/Shanghai')} AND ts < {to:DateTime64(3, 'Asia/Shanghai')}
)
GROUP BY hour
ORDER BY hour
