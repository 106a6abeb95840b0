// @vitest-environment node
/**
 * Bounds at the HTTP edge: a request body trickled byte by byte is cut at `requestTimeout` (a real
 * socket), an answer's size is measured without writing it, and `/web/health` fails while a
 * transaction holds the database past the transaction limit.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { jsonByteLength } from "../../../../demo/server/orm/answer_size";
import { startDemoServer, type DemoServer } from "../../../../demo/server/server";
import { heldUntil, startTestServer, START_TIMEOUT } from "../demo_server_helpers";

/** Short, so the test sees the cut; the default is DEFAULT_REQUEST_TIMEOUT. */
const REQUEST_TIMEOUT = 500;

describe("a request body sent one byte at a time", () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startTestServer({ requestTimeout: REQUEST_TIMEOUT });
  }, START_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  }, START_TIMEOUT);

  test("is answered 408 and its connection closed at requestTimeout, while other requests are answered", async () => {
    const declared = 1000;
    const socket = connect(server.port, "127.0.0.1");
    const events: string[] = [];
    let sent = 0;
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (received += chunk));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    let reset = false;
    socket.on("error", (error: NodeJS.ErrnoException) => (reset = error.code === "ECONNRESET" || error.code === "EPIPE"));
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write(`POST /web/dataset/call_kw HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`);
    // One byte every 200 ms: the whole body would take 200 s.
    const trickle = setInterval(() => {
      if (!socket.destroyed && sent < declared) socket.write("{", () => sent++);
    }, 200);
    try {
      const health = await fetch(`${server.url}/web/health`);
      events.push(`health ${health.status}`);
      await closed;
      events.push("trickle cut");
    } finally {
      clearInterval(trickle);
    }
    expect(events).toEqual(["health 200", "trickle cut"]);
    // The 408 is written just before the server closes; a byte trickled in between makes the close
    // a reset, which may discard the 408 unread on a busy machine: then the reset is the answer.
    if (!reset) expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(sent).toBeLessThan(declared);
  }, 60_000);
});

describe("jsonByteLength", () => {
  test("is the UTF-8 length of JSON.stringify for records, nested arrays, unicode and skipped values", () => {
    const shared = [1, 2, 3];
    const value = [
      { id: 1, name: "Atelier Lumière ✓", partner_id: [4, "Budapest Bútor"], lines: shared, note: false, total: 12.5, gone: undefined },
      { id: 2, lines: shared, nested: { a: [null, true, "\"quoted\"\n"] }, list: [undefined, () => 1] },
      "😀",
      -0.000001,
    ];
    expect(jsonByteLength(value, Infinity)).toBe(Buffer.byteLength(JSON.stringify(value)));
  });

  test("stops once the limit is passed, however large the value would be", () => {
    const record = { id: 1, order_line: Array.from({ length: 4000 }, (_, i) => i + 1) };
    const answer = Array<typeof record>(1_000_000).fill(record);
    expect(jsonByteLength(answer, 1_000_000)).toBeGreaterThan(1_000_000);
  });
});

describe("/web/health", () => {
  const TRANSACTION_TIMEOUT = 300;
  let server: DemoServer;
  beforeAll(async () => {
    // In memory: no watchdog ends the transaction, so the held state lasts until the test lets it go.
    server = await startDemoServer({ port: 0, seed: { orders: 10 }, transactionTimeout: TRANSACTION_TIMEOUT });
  }, START_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  }, START_TIMEOUT);

  test("fails, naming the transaction and how long it held the database, while a transaction is held past the limit", async () => {
    const release = heldUntil();
    const held = server.db.transaction(async (tx) => {
      await tx.query("UPDATE sale_order SET note = 'secret note text' WHERE id = 1");
      await release.promise;
    });
    let reply: { status: number; body: { status: string; output?: string } };
    do {
      const response = await fetch(`${server.url}/web/health`);
      reply = { status: response.status, body: (await response.json()) as { status: string; output?: string } };
    } while (reply.body.status === "pass");
    expect(reply.status).toBe(503);
    expect(reply.body.status).toBe("fail");
    expect(reply.body.output).toMatch(new RegExp(`^transaction \\d+ has held the database for \\d+(\\.\\d)? s \\(the limit is ${TRANSACTION_TIMEOUT} ms\\)$`));
    expect(reply.body.output).not.toContain("secret");
    release.resolve();
    await held;
    const after = await fetch(`${server.url}/web/health`);
    expect([after.status, await after.json()]).toEqual([200, { status: "pass" }]);
  }, 60_000);
});
