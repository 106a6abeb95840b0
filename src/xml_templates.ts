/**
 * owl-services/xml_templates: the library's templates as XML, for an app whose OWL is not the
 * version they were precompiled with (OWL then compiles them, with `new Function`: not under a
 * strict Content-Security-Policy). Import it before the library: `import "owl-services/xml_templates";`.
 */
import { useXmlTemplates } from "./templates.js";
import { TEMPLATE_SOURCES } from "./templates_source.js";

useXmlTemplates(TEMPLATE_SOURCES);
