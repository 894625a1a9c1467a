/**
 * Why a replay did not start, in words a duty officer can act on. A browser's WebSocket never
 * sees the HTTP status of a refused upgrade (the close is a bare 1006), but the server checks the
 * token and the values before any upgrade and answers a plain GET of the same URL with the same
 * status and `{error, message}`: the client asks it once per failed socket.
 */

/** The server's answer to a plain GET of the replay URL. */
export interface UpgradeAnswer {
  readonly status: number;
  /** The server's error code (`BAD_REQUEST`, `UNAUTHORIZED`, …), or '' when the body had none. */
  readonly code: string;
  readonly message: string;
}

export interface Refusal {
  readonly code: string;
  /** The banner's text: the code, what it means, the server's own words. */
  readonly text: string;
  /** Trying again may help (too many requests right now); otherwise the client stops. */
  readonly retriable: boolean;
}

const MEANING: Record<string, string> = {
  BAD_REQUEST: '回放参数不合法',
  UNAUTHORIZED: '令牌无效或缺失',
  FORBIDDEN: '此令牌的角色不能回放',
  NOT_FOUND: '服务没有回放接口',
  RATE_LIMITED: '回放或请求过多，稍后再试',
  CLICKHOUSE_UNAVAILABLE: '服务没有连接数据库',
  UPGRADE_FAILED: '参数已通过，但 WebSocket 连接失败',
};

/** The longest server message shown (zod's messages are short; a proxy's HTML page is not). */
const MAX_MESSAGE = 160;

/** The code and what it means, short enough for the replay banner. */
export function refusalHeadline(code: string): string {
  return `${code}（${MEANING[code] ?? '原因见服务日志'}）`;
}

/** The whole reason, for the screen's alarm banner: the headline and the server's own words. */
export function refusalText(code: string, message: string): string {
  const said = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
  return `服务拒绝了回放 · ${refusalHeadline(code)}${said === '' ? '' : `：${said}`}`;
}

/**
 * What a plain GET's answer says about the failed upgrade: null when it does not refuse (426:
 * token and values accepted, or no answer at all: the server is down or restarting), else the
 * refusal with its code. 429 and 5xx may pass later (retriable); any other 4xx will not change
 * by asking the same URL again.
 */
export function refusalOf(answer: UpgradeAnswer | null): Refusal | null {
  if (answer === null || answer.status === 426 || answer.status < 400) return null;
  const code = answer.code !== '' ? answer.code : `HTTP_${answer.status}`;
  return {
    code,
    text: refusalText(code, answer.message),
    retriable: answer.status === 429 || answer.status >= 500,
  };
}

/** Sockets in a row that close at once although the server accepts the URL: then it will not work. */
const MAX_FRUITLESS = 3;

export type NextStep =
  | { readonly stop: true; readonly code: string; readonly text: string }
  | {
      readonly stop: false;
      readonly fruitless: number;
      readonly code: string | null;
      readonly text: string | null;
    };

/**
 * After a socket closed before its first frame, given the plain GET's answer (null: none) and
 * how many such sockets came before with the URL accepted: a refusal (400, 401, 403…) stops at
 * once with its code; a retriable one (429, 5xx) or no answer (server down) retries, saying why;
 * the URL accepted (426) while every socket still fails stops as UPGRADE_FAILED the third time.
 */
export function afterFailedStart(answer: UpgradeAnswer | null, fruitless: number): NextStep {
  const refusal = refusalOf(answer);
  if (refusal !== null && !refusal.retriable) return { stop: true, code: refusal.code, text: refusal.text };
  const accepted = answer?.status === 426 ? fruitless + 1 : 0;
  if (accepted >= MAX_FRUITLESS) {
    const code = 'UPGRADE_FAILED';
    return { stop: true, code, text: refusalText(code, `${accepted} sockets in a row closed at once`) };
  }
  return { stop: false, fruitless: accepted, code: refusal?.code ?? null, text: refusal?.text ?? null };
}
