import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export type FakeHubServer = {
  /** What to pass as TROVE_HF_ENDPOINT. */
  endpoint: string;
  /** Paths requested, e.g. `/trove/tiny-bert/resolve/main/onnx/model.onnx`. */
  requests: string[];
  close(): Promise<void>;
};

/**
 * A stand-in for the Hugging Face hub on 127.0.0.1: serves the model folder `folder` as the repository
 * `repo` (`/<repo>/resolve/<revision>/<file>`, GET and HEAD); anything else is 404.
 */
export async function startFakeHubServer(repo: string, folder: string): Promise<FakeHubServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://hub').pathname);
    requests.push(path);
    const file = path.match(new RegExp(`^/${repo}/resolve/[^/]+/(.+)$`))?.[1];
    const local = file === undefined ? undefined : join(folder, file);
    if (local === undefined || file!.includes('..') || !existsSync(local) || !statSync(local).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(local).size });
    if (request.method === 'HEAD') response.end();
    else createReadStream(local).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
