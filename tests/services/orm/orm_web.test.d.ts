import type { Many2one } from "../../../src/services/orm/orm_types";
declare module "owl-services" {
    interface Models {
        "sale.order.line": {
            id: number;
            order_id: Many2one<"sale.order">;
            product_id: Many2one;
            product_uom_qty: number;
            price_unit: number;
        };
    }
}
