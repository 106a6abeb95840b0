/** The server's log, in Odoo's line format; silent in tests unless asked. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const stamp = () => new Date().toISOString().slice(0, 19).replace("T", " ");

export function createLogger(enabled: boolean, write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const log = (level: string) => (message: string) => {
    if (enabled) write(`${stamp()} ${level} demo odoo.http: ${message}\n`);
  };
  return { info: log("INFO"), warn: log("WARNING"), error: log("ERROR") };
}
