/**
 * The name of one of the library's templates, ready for OWL: precompiled (no `new Function` in the
 * page, so a strict Content-Security-Policy holds) when the OWL that runs is the one they were
 * compiled with, else registered as XML for OWL to compile as usual.
 */
import { App, xml } from "@odoo/owl";
import { COMPILED_TEMPLATES, COMPILED_WITH_OWL } from "./templates.compiled.js";
import { TEMPLATE_SOURCES, type TemplateName } from "./templates_source.js";

export function template(name: TemplateName): string {
  const compiled = COMPILED_TEMPLATES[name];
  if (compiled && App.version === COMPILED_WITH_OWL) {
    App.registerTemplate(name, compiled as Parameters<typeof App.registerTemplate>[1]);
    return name;
  }
  // Another OWL version: its compiler, at run time (fine without a strict CSP).
  return xml({ raw: [TEMPLATE_SOURCES[name]] } as unknown as TemplateStringsArray);
}
