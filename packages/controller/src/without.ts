/**
 * `T` without `K`, keeping its index signature and its known keys (`Omit` keeps only the index
 * signature of a type that has one, as the generated schemas with `additionalProperties` do).
 */
export type Without<T, K extends PropertyKey> = { [P in keyof T as P extends K ? never : P]: T[P] };
