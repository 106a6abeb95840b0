import { useComponent } from "@odoo/owl";
import type { Env } from "./env";

/** Translates one English message id; `values` fill its `{name}` placeholders after translation. */
export type Translate = (text: string, values?: Record<string, string | number>) => string;

function interpolate(text: string, values?: Record<string, string | number>): string {
  if (!values) {
    return text;
  }
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/**
 * The translation of `text` for code outside components: `config.translate`, else English.
 * A translator that throws or returns something that is not a non-empty string falls back to English.
 */
export function makeTranslate(env: Pick<Env, "config">, appTranslate?: (text: string, context: string) => string): Translate {
  return (text, values) => {
    const translators = [appTranslate && ((s: string) => appTranslate(s, "")), env.config.translate];
    for (const translator of translators) {
      if (!translator) continue;
      try {
        const translated = translator(text);
        // OWL's translateFn returns the id itself when it has no translation: try the next one.
        if (typeof translated === "string" && translated && translated !== text) {
          return interpolate(translated, values);
        }
      } catch {
        // A broken translator must not hide the message: English it is.
      }
    }
    return interpolate(text, values);
  };
}

/** In a component's `setup()`: translates with the OWL app's `translateFn`, then `config.translate`, then English. */
export function useTranslate(): Translate {
  const component = useComponent();
  return makeTranslate(component.env as Env, component.__owl__.app.translateFn);
}
