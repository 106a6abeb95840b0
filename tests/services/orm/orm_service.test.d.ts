import type { Many2one, X2many } from "../../../src/services/orm/orm_types";
declare module "owl-services" {
    interface Models {
        "sale.order": {
            id: number;
            name: string;
            amount_total: number;
            state: "draft" | "sale";
            partner_id: Many2one<"res.partner">;
            order_line: X2many<"sale.order.line">;
            note: string | false;
        };
    }
}
