/** Odoo 17's data API on every model, as call_kw exposes it: web_search_read, web_read, web_save, web_read_group. */
import { PyValueError } from "../errors";
import type { Method } from "../models/base/model";
import { readGroup } from "../models/base/read_group";
import { webRead, webSearchRead } from "../models/base/web_read";
import { create, write } from "../models/base/write";
import { check } from "./arguments";
import { parseSpecification } from "./specification";
import { isPlainObject, show } from "../values";

/** How much of a sent value a refusal quotes. */
const QUOTED = 200;


export const WEB_METHODS: Record<string, Method> = {
  web_search_read: {
    model: true,
    readonly: true,
    params: [
      { name: "domain" },
      { name: "specification" },
      { name: "offset", default: 0 },
      { name: "limit", default: null },
      { name: "order", default: null },
      { name: "count_limit", default: null },
    ],
    run: (env, model, _ids, a) => {
      const spec = parseSpecification(env.models, model, a.specification, env.limits);
      return webSearchRead(env, spec, check.domain("web_search_read", "domain", a.domain, env.limits), {
        offset: check.count("web_search_read", "offset", a.offset, 0)!,
        limit: check.count("web_search_read", "limit", a.limit, null),
        order: a.order,
        countLimit: check.count("web_search_read", "count_limit", a.count_limit, null),
      });
    },
  },
  web_read: {
    readonly: true,
    params: [{ name: "specification" }],
    run: (env, model, ids, a) => webRead(env, parseSpecification(env.models, model, a.specification, env.limits), ids),
  },
  /**
   * Odoo 17's `web_save(vals, specification, next_id=None)`: `write` (or `create` when there are no
   * ids), then `web_read` of the saved record (or of `next_id`), in the call's one transaction.
   */
  web_save: {
    params: [{ name: "vals" }, { name: "specification" }, { name: "next_id", default: null }],
    run: async (env, model, ids, a) => {
      // The specification first: a bad one writes nothing.
      const spec = parseSpecification(env.models, model, a.specification, env.limits);
      const nextId = a.next_id === null || a.next_id === false ? undefined : a.next_id;
      if (nextId !== undefined && !(Number.isSafeInteger(nextId) && (nextId as number) > 0)) {
        throw new PyValueError(`web_save(): next_id must be a record id, got ${show(nextId, QUOTED)}`);
      }
      if (!isPlainObject(a.vals)) throw new PyValueError(`web_save(): vals must be a dictionary of field values, got ${show(a.vals, QUOTED)}`);
      let saved = ids;
      if (ids.length) await write(env, model, ids, a.vals);
      else saved = [(await create(env, model, a.vals)) as number];
      return webRead(env, spec, nextId === undefined ? saved : [nextId as number]);
    },
  },
  /** Odoo 17's `web_read_group`: read_group's groups and their `length` (all groups counted when the page is full). */
  web_read_group: {
    model: true,
    readonly: true,
    params: [
      { name: "domain" },
      { name: "fields" },
      { name: "groupby" },
      { name: "limit", default: null },
      { name: "offset", default: 0 },
      { name: "orderby", default: false },
      { name: "lazy", default: true },
    ],
    run: async (env, model, _ids, a) => {
      const domain = check.domain("web_read_group", "domain", a.domain, env.limits);
      const limit = check.count("web_read_group", "limit", a.limit, null);
      const offset = check.count("web_read_group", "offset", a.offset, 0)!;
      const fields = check.fields("web_read_group", "fields", a.fields) ?? [];
      const groups = await readGroup(env, model, domain, fields, a.groupby, { offset, limit, orderby: a.orderby, lazy: check.boolean("web_read_group", "lazy", a.lazy) });
      if (!groups.length) return { groups, length: 0 };
      if (!limit || groups.length < limit) return { groups, length: groups.length + offset };
      // A full page: the groups after it are counted as Odoo counts them, by the first groupby.
      const rest = await readGroup(env, model, domain, [], a.groupby, { offset: offset + limit, limit: null, orderby: false, lazy: true });
      return { groups, length: offset + limit + rest.length };
    },
  },
};
