/**
 * owl-services/orm: typed model calls over `rpc`. Registers nothing; it needs `rpc`.
 */
export { ormService } from "./services/orm/orm_service.js";
export { ORMArgumentError } from "./services/orm/orm_checks.js";
export type {
  ORM, ORMCallOptions, ORMConfig, ORMKwargs, Models, ModelRecord, ModelValues, ModelField, ReadResult, Domain, DomainLeaf,
  Many2one, X2many, X2manyCommand, Specification, FieldSpecification, SpecRecord, CheckedSpecification, WebSearchReadKwargs, WebReadKwargs } from "./services/orm/orm_types.js";
