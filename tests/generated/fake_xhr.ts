/** An XMLHttpRequest the test answers by hand, synchronously: thousands of generated cases in seconds. */
type Listener = () => void;

export class FakeXHR {
  static sent: FakeXHR[] = [];
  private readonly listeners = new Map<string, Listener[]>();
  status = 0;
  responseText = "";
  private contentType = "";
  body = "";
  headers: Record<string, string> = {};
  done = false;

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  open(): void {}
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  send(body: string): void {
    this.body = body;
    FakeXHR.sent.push(this);
  }
  abort(): void {
    if (this.done) return;
    this.done = true;
    this.fire("abort");
  }
  getResponseHeader(): string | null {
    return this.contentType || null;
  }
  /** The server's answer (status 0 is what a browser reports for a dropped connection). */
  respond(status: number, contentType: string, text: string): void {
    if (this.done) return;
    this.done = true;
    this.status = status;
    this.contentType = contentType;
    this.responseText = text;
    this.fire("load");
  }
  /** The socket dropped: a network error. */
  fail(): void {
    if (this.done) return;
    this.done = true;
    this.fire("error");
  }
  /** `type`, then "loadend", as a browser ends every request. */
  private fire(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener();
    for (const listener of this.listeners.get("loadend") ?? []) listener();
  }
}

/** Lets promise chains run to their end. */
export async function flush(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}
