/*
 * Display formats. Times are shown in Beijing time whatever the browser's zone (wall screens
 * are set up by whoever installs them; the command centre reads 北京时间).
 */

const zone = 'Asia/Shanghai';
const hms = new Intl.DateTimeFormat('zh-CN', {
  timeZone: zone,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const hm = new Intl.DateTimeFormat('zh-CN', {
  timeZone: zone,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const mdhm = new Intl.DateTimeFormat('zh-CN', {
  timeZone: zone,
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const date = new Intl.DateTimeFormat('zh-CN', {
  timeZone: zone,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'long',
});
const md = new Intl.DateTimeFormat('zh-CN', { timeZone: zone, month: 'numeric', day: 'numeric' });

const toDate = (t: number | string | Date): Date => (t instanceof Date ? t : new Date(t));

export const formatClock = (t: number): string => hms.format(t);
export const formatHm = (t: number | string): string => hm.format(toDate(t));
export const formatMdHm = (t: number | string): string => mdhm.format(toDate(t)).replace(/\//g, '-');
export const formatDate = (t: number): string => date.format(t);
export const formatMonthDay = (t: number | Date): string => md.format(toDate(t));

/** 1234567 → "1,234,567". */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

/** 0.934 → "93.4%"; null → "—". */
export function formatRate(r: number | null | undefined): string {
  return r === null || r === undefined || !Number.isFinite(r) ? '—' : `${(r * 100).toFixed(1)}%`;
}

/** Seconds as 分钟 or 小时, the units a duty officer thinks in. */
export function formatDuration(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '—';
  if (s < 60) return `${Math.round(s)}秒`;
  if (s < 3600) return `${(s / 60).toFixed(s < 600 ? 1 : 0)}分钟`;
  return `${(s / 3600).toFixed(1)}小时`;
}

/** How long ago, coarse: "12秒前", "3分钟前", "2小时前". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}秒前`;
  if (s < 3600) return `${Math.floor(s / 60)}分钟前`;
  return `${Math.floor(s / 3600)}小时前`;
}

export const formatFixed = (n: number | null | undefined, digits = 1): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits);
