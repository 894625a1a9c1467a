/**
 * The functions an analyst's query may call: arithmetic, comparison, logic, conditionals, dates,
 * strings, arrays, maths, conversions, aggregates and window functions. An allow-list: a function
 * not named here is refused, so a new engine's new function (or `file`, `url`, `getSetting`,
 * `hostName`, `format`, `joinGet`, `dictionary` …) stays out until someone adds it knowingly.
 * Names that are also table functions (`format`, `numbers`, `values`, `null`, `merge`, `view`, `input`)
 * are left out on purpose. Table functions are refused wherever they appear (see allow.ts).
 */
const SCALAR = `
plus minus multiply divide intDiv intDivOrZero modulo moduloOrZero negate abs gcd lcm
equals notEquals less greater lessOrEquals greaterOrEquals and or not xor
in notIn nullIn notNullIn like notLike ilike notILike match
if multiIf isNull isNotNull isZeroOrNull coalesce ifNull nullIf assumeNotNull toNullable
tuple tupleElement array arrayElement has hasAll hasAny indexOf length empty notEmpty
lambda arrayMap arrayFilter arrayExists arrayAll arrayCount arraySum arrayAvg arrayMin arrayMax
arraySort arrayReverseSort arrayDistinct arrayUniq arrayJoin arrayConcat arraySlice arrayEnumerate
arrayFirst arrayLast arrayReverse arrayCumSum arrayDifference arrayZip arrayStringConcat range
CAST _CAST accurateCast accurateCastOrNull toString toFixedString toInt8 toInt16 toInt32 toInt64
toUInt8 toUInt16 toUInt32 toUInt64 toFloat32 toFloat64 toDecimal32 toDecimal64 toDecimal128
toInt32OrNull toInt64OrNull toUInt32OrNull toUInt64OrNull toFloat64OrNull toFloat64OrZero
toInt64OrZero toDateOrNull toDateTimeOrNull toDate toDate32 toDateTime toDateTime64 toTypeName
toDateTime64OrNull parseDateTimeBestEffort parseDateTimeBestEffortOrNull parseDateTime64BestEffort
parseDateTime64BestEffortOrNull now now64 today yesterday toTimeZone timeZone toUnixTimestamp
toUnixTimestamp64Milli fromUnixTimestamp fromUnixTimestamp64Milli toYear toQuarter toMonth
toDayOfMonth toDayOfWeek toDayOfYear toHour toMinute toSecond toISOWeek toYYYYMM toYYYYMMDD
toStartOfYear toStartOfQuarter toStartOfMonth toStartOfWeek toMonday toStartOfDay toStartOfHour
toStartOfMinute toStartOfFiveMinutes toStartOfFiveMinute toStartOfTenMinutes
toStartOfFifteenMinutes toStartOfInterval toStartOfSecond date_trunc dateTrunc dateDiff date_diff
dateAdd dateSub addSeconds addMinutes addHours addDays addWeeks addMonths addYears subtractSeconds
subtractMinutes subtractHours subtractDays subtractWeeks subtractMonths subtractYears
toIntervalSecond toIntervalMinute toIntervalHour toIntervalDay toIntervalWeek toIntervalMonth
toIntervalYear toIntervalMillisecond formatDateTime timeSlot age
concat concatWithSeparator substring substr lower upper trim trimBoth trimLeft trimRight
startsWith endsWith position positionCaseInsensitive replaceAll replaceOne replaceRegexpAll
replaceRegexpOne extract splitByChar splitByString leftPad rightPad lengthUTF8 reverse
toValidUTF8 leftUTF8 rightUTF8 left right
round roundBankers floor ceil trunc sqrt exp log log2 log10 pow power greatest least sign
isNaN isFinite isInfinite pi e sin cos atan2 intExp10 roundToExp2
toStartOfWeek geoDistance greatCircleDistance pointInPolygon
dictGet dictGetString dictGetOrDefault dictGetOrNull dictGetUInt32 dictGetFloat64 dictHas
currentDatabase cityHash64 sipHash64 xxHash64 murmurHash3_64 farmFingerprint64
count sum avg min max any anyLast argMin argMax uniq uniqExact uniqCombined countDistinct
quantile quantiles quantileExact quantilesExact quantileTDigest quantilesTDigest median
medianExact groupArray groupUniqArray groupArraySorted topK sumWithOverflow stddevPop
stddevSamp varPop varSamp corr covarPop covarSamp simpleLinearRegression histogram
first_value last_value row_number rank dense_rank lag lead lagInFrame leadInFrame
percent_rank cume_dist ntile nth_value
`;

export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set(SCALAR.split(/\s+/).filter((f) => f !== ''));

/** The engine takes many names in any case (`SUM`, `Count`); no two names here differ only by case. */
const LOWER = new Set([...ALLOWED_FUNCTIONS].map((f) => f.toLowerCase()));

/** Aggregate combinators (`countIf`, `sumArray`, `uniqMerge`, `maxOrNull`…): the base must be allowed. */
const COMBINATORS = ['If', 'Array', 'Distinct', 'OrNull', 'OrDefault', 'State', 'Merge', 'ForEach'];

/** Functions that name a dictionary in their first argument. */
export const DICTIONARY_FUNCTIONS: ReadonlySet<string> = new Set(
  [...ALLOWED_FUNCTIONS].filter((f) => f.startsWith('dict')).map((f) => f.toLowerCase()),
);

export function functionAllowed(name: string): boolean {
  if (LOWER.has(name.toLowerCase())) return true;
  for (const suffix of COMBINATORS) {
    if (name.length > suffix.length && name.endsWith(suffix)) {
      if (functionAllowed(name.slice(0, -suffix.length))) return true;
    }
  }
  return false;
}
