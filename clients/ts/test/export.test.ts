// Downloads from zerend's Excel endpoints with a plain fetch, as an OA's
// front end would: the 分解表 of a branch token names only its own unit, the
// committee's names every unit, and the annual report is the committee's.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";

import { startZerend, type RunningServer } from "./server.js";

let server: RunningServer;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "zeren-export-"));
  server = await startZerend(join(dir, "zeren.db"));
});
after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function download(path: string, token?: string): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
}

// readZipEntry returns one file of a zip archive, found through its central
// directory (Go's archive/zip writes the sizes there, not in the local
// headers).
function readZipEntry(zip: Buffer, name: string): Buffer {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, "a zip archive has an end-of-central-directory record");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, "a central directory entry");
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString("utf8", at + 46, at + 46 + nameLen) === name) {
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(data, data + size);
      return method === 8 ? inflateRawSync(raw) : raw;
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${name} is not in the archive`);
}

async function sheetNames(token: string): Promise<string[]> {
  const res = await download("/excel/assignments.xlsx", token);
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get("content-type"), xlsxType);
  const zip = Buffer.from(await res.arrayBuffer());
  assert.equal(zip.subarray(0, 4).toString("latin1"), "PK\x03\x04", "an xlsx is a zip archive");
  const workbook = readZipEntry(zip, "xl/workbook.xml").toString("utf8");
  return [...workbook.matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) => m[1]);
}

test("a branch downloads the 分解表 of its own unit only", async () => {
  assert.deepEqual(await sheetNames("dev-czj"), ["汇总", "市财政局"]);
});

test("the committee downloads the 分解表 of every unit", async () => {
  const names = await sheetNames("dev-gongwei");
  assert.ok(names.includes("市财政局") && names.includes("市发展改革委"), names.join(","));
  assert.ok(names.length > 10, `one sheet per unit and a summary: ${names.join(",")}`);
});

test("the annual report is the committee's, and downloads need a token", async () => {
  const report = await download("/excel/report.html?year=2026", "dev-gongwei");
  assert.equal(report.status, 200);
  assert.match(report.headers.get("content-type") ?? "", /^text\/html/);
  assert.match(await report.text(), /<html[^>]*lang="zh/);
  assert.equal((await download("/excel/report.html?year=2026", "dev-czj")).status, 403);
  assert.equal((await download("/excel/assignments.xlsx")).status, 401);
});
