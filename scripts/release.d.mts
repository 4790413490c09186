/** Types of scripts/release.mjs, for the tests that import it. */
export declare const RELEASE_DIR: string;
/** The artifacts of `version`, in the order SHA256SUMS and manifest.json list them. */
export declare function artifactNames(version: string): string[];
