import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';

/**
 * Answers with an RFC 9457 problem: `type` about:blank, so `title` is the status's own phrase;
 * `detail` says what went wrong with this request, and extension members (such as `errors`, one
 * per bad field) say it in a form a program can read.
 */
export function sendProblem(
  res: Response,
  status: number,
  detail: string,
  extensions: Readonly<Record<string, unknown>> = {},
): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      ...extensions,
    });
}
