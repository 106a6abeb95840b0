import { PyValueError } from "../errors";
import type { ModelDef, Role } from "./base/model";

/** Odoo 17's groups of the demo's two roles, by external id. */
export const GROUPS_BY_ROLE: Record<Role, readonly string[]> = {
  manager: ["base.group_user", "sales_team.group_sale_salesman", "sales_team.group_sale_salesman_all_leads", "sales_team.group_sale_manager"],
  salesperson: ["base.group_user", "sales_team.group_sale_salesman"],
};

export const resUsers: ModelDef = {
  name: "res.users",
  table: "res_users",
  description: "User",
  recName: "name",
  order: "name",
  // The password hash is deliberately not a field: nothing can read it through call_kw.
  fields: {
    login: { type: "char", string: "Login", required: true },
    name: { type: "char", string: "Name", required: true },
    partner_id: { type: "many2one", string: "Related Partner", relation: "res.partner", required: true },
    role: { type: "selection", string: "Role", readonly: true, selection: [["manager", "Sales Administrator"], ["salesperson", "Salesperson"]] },
    lang: { type: "char", string: "Language" },
    tz: { type: "char", string: "Timezone" },
    active: { type: "boolean", string: "Active" },
  },
  access: {
    manager: { read: true, write: false, create: false, unlink: false },
    salesperson: { read: true, write: false, create: false, unlink: false },
  },
  accessGroups: { write: "Administration/Access Rights", create: "Administration/Access Rights", unlink: "Administration/Access Rights" },
  methods: {
    /** Odoo 17's `res.users.has_group(group_ext_id)`, as `@api.model`: whether the current user is in the group. */
    has_group: {
      model: true,
      readonly: true,
      params: [{ name: "group_ext_id" }],
      async run(env, _model, _ids, { group_ext_id: group }) {
        if (typeof group !== "string" || !/^[a-z0-9_]+\.[a-z0-9_]+$/.test(group)) {
          throw new PyValueError(`External ID not found in the system: ${JSON.stringify(group)} (a group is named "module.xml_id", such as "base.group_user")`);
        }
        return GROUPS_BY_ROLE[env.user.role].includes(group);
      },
    },
  },
};
