/**
 * One of the library's templates, ready for OWL: precompiled (no `new Function` in the page, so a
 * strict Content-Security-Policy holds) when the OWL that runs is the one they were compiled with,
 * else registered as XML for OWL to compile as usual. Each component passes its own compiled
 * function and source, so an app's bundler keeps only the templates of the components it uses.
 */
import { App, xml } from "@odoo/owl";
import { COMPILED_WITH_OWL } from "./templates.compiled.js";
import type { TemplateName } from "./templates_source.js";

export function template(name: TemplateName, compiled: (...args: never[]) => unknown, source: string): string {
  if (App.version === COMPILED_WITH_OWL) {
    App.registerTemplate(name, compiled as Parameters<typeof App.registerTemplate>[1]);
    return name;
  }
  // Another OWL version: its compiler, at run time (fine without a strict CSP).
  return xml({ raw: [source] } as unknown as TemplateStringsArray);
}
