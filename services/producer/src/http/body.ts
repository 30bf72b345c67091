import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import type { Logger } from '@streamfold/observability';
import type { ProducerMetrics } from '../metrics.js';
import { sendProblem } from './problem.js';

/** What a rejected request is counted under in streamfold_producer_requests_rejected_total. */
export type Endpoint = 'readings' | 'commands';

const jsonTypes = ['application/json', 'application/*+json'];

const endpointOf = (res: Response): Endpoint | undefined =>
  (res.locals as { endpoint?: Endpoint }).endpoint;

/** Counts the rejection under the request's endpoint and answers with the problem. */
export function reject(
  res: Response,
  metrics: Pick<ProducerMetrics, 'rejected'>,
  reason: string,
  status: number,
  detail: string,
  extensions: Readonly<Record<string, unknown>> = {},
): void {
  const endpoint = endpointOf(res);
  if (endpoint !== undefined) metrics.rejected.inc({ endpoint, reason });
  sendProblem(res, status, detail, extensions);
}

/**
 * The middleware before an endpoint's handler: tags the request with its endpoint, refuses a
 * body that is not JSON (415), and parses a JSON body of at most `limitBytes` (413 beyond).
 * A request without a body gets `req.body` undefined.
 */
export function jsonBody(
  endpoint: Endpoint,
  limitBytes: number,
  metrics: Pick<ProducerMetrics, 'rejected'>,
): RequestHandler[] {
  return [
    (_req, res, next) => {
      res.locals.endpoint = endpoint;
      next();
    },
    (req, res, next) => {
      // is(): null without a body, false with a body of another type. An empty body (a POST
      // with Content-Length 0 and no type) is no body.
      if (req.is(jsonTypes) === false && req.get('content-length') !== '0') {
        reject(
          res,
          metrics,
          'unsupported-media-type',
          415,
          `the body must be JSON (Content-Type application/json), not ${req.get('content-type') ?? 'untyped'}`,
        );
        return;
      }
      next();
    },
    express.json({ limit: limitBytes, type: jsonTypes, strict: true }),
  ];
}

interface BodyParserError {
  type?: unknown;
  status?: unknown;
  expose?: unknown;
  message?: unknown;
}

/**
 * The last handler: a body the parser refused becomes a 4xx problem; anything else is logged and
 * answered 500 without its stack.
 */
export function errorHandler(
  metrics: Pick<ProducerMetrics, 'rejected'>,
  limitBytes: number,
  logger: Logger,
): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const e = (typeof error === 'object' && error !== null ? error : {}) as BodyParserError;
    const message = typeof e.message === 'string' ? e.message : 'unreadable body';
    switch (e.type) {
      case 'entity.too.large':
        reject(res, metrics, 'too-large', 413, `the body is larger than ${limitBytes} bytes`, {
          limitBytes,
        });
        return;
      case 'entity.parse.failed':
        reject(res, metrics, 'malformed-json', 400, `the body is not valid JSON: ${message}`);
        return;
      case 'encoding.unsupported':
      case 'charset.unsupported':
        reject(res, metrics, 'unsupported-media-type', 415, message);
        return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) {
      reject(res, metrics, 'unreadable-body', e.status, message);
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    reject(
      res,
      metrics,
      'internal-error',
      500,
      'the request failed inside the producer; see its logs',
    );
  };
}

/** Any other path: a problem, not Express's HTML page. */
export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, 404, `no route ${req.method} ${req.path}`);
};
