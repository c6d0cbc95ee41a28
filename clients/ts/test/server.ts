// Starts the Go example server (examples/embed: Zeren mounted under /zeren/
// in an OA's mux, with the sample city 示例市 loaded) on a free loopback
// port, and stops it when the tests end.
//
// ZEREN_EMBED_BIN names a prebuilt binary (scripts/test-clients builds
// .bin/embed once for all three client tests); without it the server is
// started with `go run ./examples/embed` from the repository root.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

// dist/test/server.js -> repository root.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

export interface RunningServer {
  /** Base URL of the Zeren handler, e.g. http://127.0.0.1:41234/zeren */
  baseUrl: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => ok(port));
    });
  });
}

export async function startServer(timeoutMs = 180_000): Promise<RunningServer> {
  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const bin = process.env.ZEREN_EMBED_BIN;
  const [cmd, args] = bin
    ? [bin, ["-addr", addr]]
    : ["go", ["run", "./examples/embed", "-addr", addr]];
  const { stop } = await spawnAndWait(cmd, args, addr, timeoutMs);
  return { baseUrl: `http://${addr}/zeren`, stop };
}

/**
 * Starts zerend itself (the cmd module's server, with its /excel/ downloads)
 * with development tokens and 示例市 seeded into a fresh SQLite file.
 * ZEREN_ZEREND_BIN names a prebuilt binary; without it `go -C cmd run
 * ./zerend` builds one. Its base URL is the server's root.
 */
export async function startZerend(dbPath: string, timeoutMs = 180_000): Promise<RunningServer> {
  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const flags = ["-dev", "-seed-sample", "-db", dbPath, "-addr", addr];
  const bin = process.env.ZEREN_ZEREND_BIN;
  const [cmd, args] = bin ? [bin, flags] : ["go", ["-C", "cmd", "run", "./zerend", ...flags]];
  const { stop } = await spawnAndWait(cmd, args, addr, timeoutMs);
  return { baseUrl: `http://${addr}`, stop };
}

async function spawnAndWait(cmd: string, args: string[], addr: string, timeoutMs: number): Promise<{ stop(): Promise<void> }> {
  // detached: the process group is ours, so `go run`'s child dies with it.
  const child: ChildProcess = spawn(cmd, args, {
    cwd: repoRoot,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  let exited: string | undefined;
  const exit = new Promise<void>((ok) =>
    child.once("exit", (code, sig) => {
      exited = `exited with ${code ?? sig}`;
      ok();
    }),
  );
  const stop = async () => {
    if (exited === undefined && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await exit;
    }
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) throw new Error(`zeren server ${exited} before answering /healthz`);
    try {
      const r = await fetch(`http://${addr}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`zeren server did not answer http://${addr}/healthz within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { stop };
}
