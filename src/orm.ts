/**
 * owl-services/orm: typed model calls over `rpc`. Registers nothing; it needs `rpc`.
 */
export { ormService, ORMArgumentError } from "./services/orm/orm_service.js";
export type { ORM, ORMCallOptions, ORMConfig, ORMKwargs, Models, ModelRecord, ModelValues, ModelField, ReadResult, Domain, DomainLeaf } from "./services/orm/orm_types.js";
