import type { ModelDef } from "./base/model";

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
};
