/** A filter: `value | name(args...)`; kwargs arrive as a trailing `__keywords` object. */
export type FilterFn = (value: unknown, ...args: unknown[]) => unknown;
export type TestFn = (value: unknown, ...args: unknown[]) => boolean;
export type FilterTable = Record<string, FilterFn>;
export type TestTable = Record<string, TestFn>;
