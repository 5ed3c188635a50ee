/** Exported memory */
export declare const memory: WebAssembly.Memory;
// Exported runtime interface
export declare function __new(size: number, id: number): number;
export declare function __pin(ptr: number): number;
export declare function __unpin(ptr: number): void;
export declare function __collect(): void;
export declare const __rtti_base: number;
/**
 * ../../../examples/textstats/topWords
 * @param text `~lib/string/String`
 * @param limit `i32`
 * @returns `~lib/array/Array<../../../examples/textstats/WordCount>`
 */
export declare function topWords(text: string, limit: number): Array<__Record4<never>>;
/**
 * ../../../examples/textstats/slugify
 * @param title `~lib/string/String`
 * @returns `~lib/string/String`
 */
export declare function slugify(title: string): string;
/**
 * ../../../examples/textstats/histogram
 * @param values `~lib/typedarray/Float64Array`
 * @param low `f64`
 * @param high `f64`
 * @param buckets `i32`
 * @returns `~lib/typedarray/Int32Array`
 */
export declare function histogram(values: Float64Array, low: number, high: number, buckets: number): Int32Array;
/** ../../../examples/textstats/WordCount */
declare interface __Record4<TOmittable> {
  /** @type `~lib/string/String` */
  word: string;
  /** @type `i32` */
  count: number | TOmittable;
}
