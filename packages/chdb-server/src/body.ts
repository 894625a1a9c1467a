import type { IncomingHttpHeaders } from 'node:http';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ClickHouseFailure } from './errors.ts';

/**
 * Reads a request body whole, undoing `Content-Encoding` (gzip, deflate, br, zstd: what
 * @clickhouse/client's request compression sends), refusing more than `limitBytes` once
 * decompressed.
 */
export async function readBody(
  stream: Readable,
  headers: IncomingHttpHeaders,
  limitBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const collect = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limitBytes) {
        done(ClickHouseFailure.own('BAD_ARGUMENTS', `Request body is larger than ${limitBytes} bytes`));
        return;
      }
      chunks.push(chunk);
      done();
    },
  });
  const decoder = decompressorFor(headers['content-encoding']);
  if (decoder === undefined) await pipeline(stream, collect);
  else await pipeline(stream, decoder, collect);
  return Buffer.concat(chunks, size);
}

function decompressorFor(encoding: string | undefined): Transform | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    case 'zstd':
      return zlib.createZstdDecompress();
    default:
      throw ClickHouseFailure.own('BAD_ARGUMENTS', `Unknown Content-Encoding ${JSON.stringify(encoding)}`);
  }
}

const COMPRESSORS: Readonly<Record<string, (body: Uint8Array) => Promise<Buffer>>> = {
  gzip: promisify(zlib.gzip),
  deflate: promisify(zlib.deflate),
  br: promisify(zlib.brotliCompress),
  zstd: promisify(zlib.zstdCompress),
};

/** Compresses a response body with the first encoding the client accepts that we offer. */
export async function compressBody(
  body: Uint8Array,
  acceptEncoding: string | undefined,
): Promise<{ body: Uint8Array; encoding: string | undefined }> {
  const accepted = (acceptEncoding ?? '').split(',').map((e) => e.split(';')[0]?.trim().toLowerCase());
  for (const encoding of accepted) {
    const compress = encoding === undefined ? undefined : COMPRESSORS[encoding];
    if (compress !== undefined) return { body: await compress(body), encoding };
  }
  return { body, encoding: undefined };
}
