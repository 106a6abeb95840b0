/** The methods every model has (Odoo's BaseModel), as call_kw exposes them: signature and body. */
import type { Method } from "../models/base/model";
import { fieldsGet, nameSearch, read, search, searchCount, searchRead } from "../models/base/read";
import { readGroup } from "../models/base/read_group";
import { create, unlink, write } from "../models/base/write";
import { check } from "./arguments";
import { checkDomainCost } from "./limits";
import { WEB_METHODS } from "./web_methods";

export const BASE_METHODS: Record<string, Method> = {
  search_read: {
    model: true,
    readonly: true,
    params: [{ name: "domain", default: null }, { name: "fields", default: null }, { name: "offset", default: 0 }, { name: "limit", default: null }, { name: "order", default: null }],
    run: (env, model, _ids, a) =>
      searchRead(env, model, check.domain("search_read", "domain", a.domain, env.limits), check.fields("search_read", "fields", a.fields), {
        offset: check.count("search_read", "offset", a.offset, 0)!,
        limit: check.count("search_read", "limit", a.limit, null),
        order: a.order,
      }),
  },
  search: {
    model: true,
    readonly: true,
    params: [{ name: "domain" }, { name: "offset", default: 0 }, { name: "limit", default: null }, { name: "order", default: null }],
    run: (env, model, _ids, a) =>
      search(env, model, check.domain("search", "domain", a.domain, env.limits), {
        offset: check.count("search", "offset", a.offset, 0)!,
        limit: check.count("search", "limit", a.limit, null),
        order: a.order,
      }),
  },
  search_count: {
    model: true,
    readonly: true,
    params: [{ name: "domain" }, { name: "limit", default: null }],
    run: (env, model, _ids, a) => searchCount(env, model, check.domain("search_count", "domain", a.domain, env.limits), check.count("search_count", "limit", a.limit, null)),
  },
  read: {
    readonly: true,
    params: [{ name: "fields", default: null }, { name: "load", default: "_classic_read" }],
    run: (env, model, ids, a) => read(env, model, ids, check.fields("read", "fields", a.fields)),
  },
  read_group: {
    model: true,
    readonly: true,
    params: [
      { name: "domain" },
      { name: "fields" },
      { name: "groupby" },
      { name: "offset", default: 0 },
      { name: "limit", default: null },
      { name: "orderby", default: false },
      { name: "lazy", default: true },
    ],
    run: (env, model, _ids, a) =>
      readGroup(env, model, check.domain("read_group", "domain", a.domain, env.limits), check.fields("read_group", "fields", a.fields) ?? [], a.groupby, {
        offset: check.count("read_group", "offset", a.offset, 0)!,
        limit: check.count("read_group", "limit", a.limit, null),
        orderby: a.orderby,
        lazy: check.boolean("read_group", "lazy", a.lazy),
      }),
  },
  fields_get: {
    model: true,
    readonly: true,
    params: [{ name: "allfields", default: null }, { name: "attributes", default: null }],
    run: async (_env, model, _ids, a) => fieldsGet(model, check.fields("fields_get", "allfields", a.allfields), check.fields("fields_get", "attributes", a.attributes)),
  },
  name_search: {
    model: true,
    readonly: true,
    params: [{ name: "name", default: "" }, { name: "args", default: null }, { name: "operator", default: "ilike" }, { name: "limit", default: 100 }],
    run: (env, model, _ids, a) => {
      const name = check.string("name_search", "name", a.name);
      const operator = check.string("name_search", "operator", a.operator);
      const args = check.domain("name_search", "args", a.args, env.limits);
      // The name is a leaf too: its pattern is bounded as any domain's.
      if (name) checkDomainCost("name_search()", [[model.recName, operator, name], ...args], env.limits);
      return nameSearch(env, model, name, args, operator, check.count("name_search", "limit", a.limit, null));
    },
  },
  create: {
    model: true,
    params: [{ name: "vals_list" }],
    run: (env, model, _ids, a) => create(env, model, a.vals_list),
  },
  write: {
    params: [{ name: "vals" }],
    run: (env, model, ids, a) => write(env, model, ids, a.vals),
  },
  unlink: {
    params: [],
    run: (env, model, ids) => unlink(env, model, ids),
  },
  ...WEB_METHODS,
};
