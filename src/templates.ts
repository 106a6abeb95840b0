/**
 * One of the library's templates, ready for OWL: precompiled, so no template is compiled in the
 * page (OWL compiles with `new Function`, which a strict Content-Security-Policy forbids). Each
 * component passes its own compiled function, so an app's bundler keeps only the templates of the
 * components it uses. The XML sources are not in this path: an app on another OWL version than the
 * one they were compiled with imports `owl-services/xml_templates` first, and OWL compiles them.
 */
import { App, xml } from "@odoo/owl";
import { COMPILED_WITH_OWL } from "./templates.compiled.js";

/** The XML of each template, once `owl-services/xml_templates` was imported. */
const xmlSources = new Map<string, string>();
let warned = false;

/** Has the library's components compiled by OWL from their XML (`owl-services/xml_templates` calls it). */
export function useXmlTemplates(sources: Record<string, string>): void {
  for (const [name, source] of Object.entries(sources)) xmlSources.set(name, source);
}

export function template(name: string, compiled: (...args: never[]) => unknown): string {
  if (App.version !== COMPILED_WITH_OWL) {
    const source = xmlSources.get(name);
    // Another OWL version, and the app asked for the XML: its compiler, at run time (fine without a strict CSP).
    if (source !== undefined) return xml({ raw: [source] } as unknown as TemplateStringsArray);
    if (!warned) {
      warned = true;
      console.warn(
        `owl-services: its templates were compiled with OWL ${COMPILED_WITH_OWL} and this page runs OWL ${App.version}; they are used as they are. If one of its components does not render, import "owl-services/xml_templates" before the library, so that OWL compiles them from XML.`,
      );
    }
  }
  App.registerTemplate(name, compiled as Parameters<typeof App.registerTemplate>[1]);
  return name;
}
