import type { ModelDef } from "./base/model";

export const productProduct: ModelDef = {
  name: "product.product",
  table: "product_product",
  description: "Product",
  recName: "name",
  order: "default_code, name",
  fields: {
    name: { type: "char", string: "Name", required: true },
    default_code: { type: "char", string: "Internal Reference" },
    list_price: { type: "float", string: "Sales Price" },
    active: { type: "boolean", string: "Active" },
  },
  access: {
    manager: { read: true, write: true, create: true, unlink: true },
    salesperson: { read: true, write: false, create: false, unlink: false },
  },
  accessGroups: { write: "Sales/Administrator", create: "Sales/Administrator", unlink: "Sales/Administrator" },
  sqlConstraints: {
    product_product_default_code_uniq: "The internal reference of a product must be unique.",
    product_product_list_price_positive: "The sales price of a product cannot be negative.",
  },
};
