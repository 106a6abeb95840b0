// @vitest-environment node
/** A specification's bounds, checked before any SQL: depth, fields, and the bounds as startDemoServer options. */
import { describe, expect, test } from "vitest";
import { PyValueError } from "../../../../demo/server/errors";
import { DEFAULT_CALL_LIMITS, DEFAULT_MAX_SPEC_DEPTH, resolveLimits } from "../../../../demo/server/limits";
import { createModelRegistry } from "../../../../demo/server/models/index";
import { parseSpecification } from "../../../../demo/server/orm/specification";

const models = createModelRegistry();
const order = models.get("sale.order");

describe("specification bounds", () => {
  test("accepts a specification as deep as maxSpecDepth and refuses one level more, naming the path", () => {
    const limits = resolveLimits(DEFAULT_CALL_LIMITS, { maxSpecDepth: 3 });
    const deep = { order_line: { fields: { order_id: { fields: { name: {} } } } } };
    expect(parseSpecification(models, order, deep, limits).fields[0]!.nested!.fields[0]!.nested!.fields[0]!.name).toBe("name");
    const deeper = { order_line: { fields: { order_id: { fields: { partner_id: { fields: { name: {} } } } } } } };
    expect(() => parseSpecification(models, order, deeper, limits)).toThrow(
      new PyValueError("specification.order_line.fields.order_id.fields.partner_id.fields.name: the specification is nested 4 levels deep; at most 3 are allowed"),
    );
    expect(DEFAULT_MAX_SPEC_DEPTH).toBeLessThan(50);
  });

  test("refuses more fields than maxSpecFields, all levels counted", () => {
    const limits = resolveLimits(DEFAULT_CALL_LIMITS, { maxSpecFields: 3 });
    expect(parseSpecification(models, order, { name: {}, partner_id: { fields: { name: {} } } }, limits).fields).toHaveLength(2);
    expect(() => parseSpecification(models, order, { name: {}, partner_id: { fields: { name: {}, city: {} } } }, limits)).toThrow(
      "specification.partner_id.fields.city: the specification names more than 3 fields; at most 3 are allowed",
    );
  });

  test("refuses lists nested in lists that could read more than maxNestedRecords records per record (a line's order's lines' order's lines…)", () => {
    const limits = resolveLimits(DEFAULT_CALL_LIMITS, { maxNestedRecords: 100 });
    const line = models.get("sale.order.line");
    const cycle = { order_id: { fields: { order_line: { fields: { order_id: { fields: { order_line: { fields: { name: {} } } } } } } } } };
    expect(() => parseSpecification(models, line, cycle, limits)).toThrow(
      new PyValueError(
        'specification.order_id.fields.order_line.fields.order_id.fields.order_line: lists nested in lists would read up to 10,000 records per record; at most 100 (maxNestedRecords): give the outer lists a smaller "limit"',
      ),
    );
    const limited = { order_id: { fields: { order_line: { limit: 10, fields: { order_id: { fields: { order_line: { limit: 10, fields: { name: {} } } } } } } } } };
    expect(parseSpecification(models, line, limited, limits).fields).toHaveLength(1);
  });

  test("refuses a bound that is not a positive integer, naming it", () => {
    expect(() => resolveLimits(DEFAULT_CALL_LIMITS, { maxSpecDepth: 0 })).toThrow("startDemoServer: maxSpecDepth must be a positive integer, got 0");
    expect(() => resolveLimits(DEFAULT_CALL_LIMITS, { maxNestedRecords: 1.5 })).toThrow("startDemoServer: maxNestedRecords must be a positive integer, got 1.5");
  });
});
