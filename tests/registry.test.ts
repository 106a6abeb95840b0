import { describe, expect, test } from "vitest";
import { DuplicatedKeyError, KeyNotFoundError, Registry, registry, type RegistryUpdate } from "../src/registry";

describe("Registry", () => {
  test("returns added values by key and reports what it contains", () => {
    const reg = new Registry<number>("numbers");
    reg.add("one", 1).add("two", 2);
    expect(reg.get("one")).toBe(1);
    expect(reg.contains("two")).toBe(true);
    expect(reg.contains("three")).toBe(false);
  });

  test("orders entries by sequence, then by insertion", () => {
    const reg = new Registry<string>("letters");
    reg.add("c", "c", { sequence: 60 });
    reg.add("a", "a");
    reg.add("z", "z", { sequence: 10 });
    reg.add("b", "b");
    expect(reg.getAll()).toEqual(["z", "a", "b", "c"]);
    expect(reg.getEntries()).toEqual([["z", "z"], ["a", "a"], ["b", "b"], ["c", "c"]]);
  });

  test("throws DuplicatedKeyError naming key and registry when a key is added twice without force", () => {
    const reg = new Registry<number>("numbers");
    reg.add("one", 1);
    expect(() => reg.add("one", 11)).toThrow(DuplicatedKeyError);
    expect(() => reg.add("one", 11)).toThrow(/"one".*"numbers" registry/);
    expect(reg.get("one")).toBe(1);
  });

  test("replaces a value with force and keeps its place unless a sequence is given", () => {
    const reg = new Registry<number>("numbers");
    reg.add("a", 1).add("b", 2);
    reg.add("a", 10, { force: true });
    expect(reg.getEntries()).toEqual([["a", 10], ["b", 2]]);
    reg.add("a", 100, { force: true, sequence: 99 });
    expect(reg.getEntries()).toEqual([["b", 2], ["a", 100]]);
  });

  test("throws KeyNotFoundError naming key and registry for an absent key without default", () => {
    const reg = new Registry<number>("numbers");
    expect(() => reg.get("nope")).toThrow(KeyNotFoundError);
    expect(() => reg.get("nope")).toThrow('Cannot find key "nope" in the "numbers" registry');
    expect(reg.get("nope", 7)).toBe(7);
  });

  test("rejects a sequence that is not a finite number", () => {
    const reg = new Registry<number>("numbers");
    expect(() => reg.add("x", 1, { sequence: Number.NaN })).toThrow(/sequence must be a finite number, got NaN/);
    expect(reg.contains("x")).toBe(false);
  });

  test("triggers UPDATE on add and on remove with operation, key and value", () => {
    const reg = new Registry<number>("numbers");
    const updates: RegistryUpdate<number>[] = [];
    reg.addEventListener("UPDATE", (ev) => updates.push((ev as CustomEvent<RegistryUpdate<number>>).detail));
    reg.add("one", 1);
    reg.remove("one");
    reg.remove("absent");
    expect(updates).toEqual([
      { operation: "add", key: "one", value: 1 },
      { operation: "delete", key: "one", value: 1 },
    ]);
    expect(reg.contains("one")).toBe(false);
  });

  test("creates a category on first use and returns the same one afterwards", () => {
    const reg = new Registry("root");
    const fields = reg.category("fields");
    fields.add("char", 1);
    expect(reg.category("fields")).toBe(fields);
    expect(reg.category("fields").get("char")).toBe(1);
    expect(() => fields.get("x")).toThrow(/"fields" registry/);
  });

  test("getEntries returns copies that callers cannot use to corrupt the order", () => {
    const reg = new Registry<number>("numbers");
    reg.add("a", 1);
    reg.getEntries().pop();
    reg.getEntries()[0]![1] = 5;
    expect(reg.getEntries()).toEqual([["a", 1]]);
  });

  test("the root registry holds the services and main_components categories", () => {
    expect(registry).toBeInstanceOf(Registry);
    expect(registry.category("services")).toBe(registry.category("services"));
    expect(registry.category("main_components").name).toBe("main_components");
  });

  test.each([
    [Symbol("rpc"), "Symbol(rpc)"],
    [42, "number 42"],
    [null, "object null"],
    [{ name: "rpc" }, "an object"],
    ["", "an empty string"],
  ])("refuses the key %s with its own error, from every method", (key, shown) => {
    const reg = new Registry<number>("services");
    for (const call of [() => reg.add(key as never, 1), () => reg.get(key as never), () => reg.contains(key as never), () => reg.remove(key as never), () => reg.category(key as never)]) {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(`got ${shown}`);
      expect(call).toThrow(/^Registry "services": \w+\(\) needs a key that is a non-empty string, got /);
    }
    expect(reg.getEntries()).toEqual([]);
  });
});
