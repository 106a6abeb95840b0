import type { ModelDef } from "./base/model";

const ALL = { read: true, write: true, create: true, unlink: true };

export const resPartner: ModelDef = {
  name: "res.partner",
  table: "res_partner",
  description: "Contact",
  recName: "name",
  order: "name",
  fields: {
    name: { type: "char", string: "Name", required: true },
    write_date: { type: "datetime", string: "Last Updated on", readonly: true },
    email: { type: "char", string: "Email" },
    phone: { type: "char", string: "Phone" },
    street: { type: "char", string: "Street" },
    city: { type: "char", string: "City" },
    zip: { type: "char", string: "Zip" },
    country_code: { type: "char", string: "Country Code" },
    is_company: { type: "boolean", string: "Is a Company" },
    active: { type: "boolean", string: "Active" },
    create_date: { type: "datetime", string: "Created on", readonly: true },
  },
  // Internal users manage contacts, as in Odoo (base.group_user has every right on res.partner).
  access: { manager: ALL, salesperson: ALL },
  accessGroups: {},
};
