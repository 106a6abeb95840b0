/** Has the library's components compiled by OWL from their XML (`owl-services/xml_templates` calls it). */
export declare function useXmlTemplates(sources: Record<string, string>): void;
export declare function template(name: string, compiled: (...args: never[]) => unknown): string;
