import { existsSync } from 'node:fs';
import http from 'node:http';

/**
 * True when a Docker engine answers its ping within a second. Looks where the Docker CLI
 * looks: DOCKER_HOST (unix:// or tcp://), else the default socket.
 */
export async function dockerEngineAnswers(dockerHost: string | undefined): Promise<boolean> {
  const target = dockerHost ?? 'unix:///var/run/docker.sock';
  let options: http.RequestOptions;
  if (target.startsWith('unix://')) {
    const socketPath = target.slice('unix://'.length);
    if (!existsSync(socketPath)) return false;
    options = { socketPath, path: '/_ping' };
  } else if (target.startsWith('tcp://')) {
    const url = new URL(target.replace(/^tcp:/, 'http:'));
    options = { host: url.hostname, port: url.port, path: '/_ping' };
  } else {
    return false;
  }
  return new Promise((resolve) => {
    const request = http.get({ ...options, timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}
