// Vitest global setup of `npm run bench`: once every bench file has run, the README's table is
// rewritten from bench/results.json.
import { updateReadme } from "./report";

export default function setup(): () => void {
  return () => updateReadme();
}
