export declare const root: string;
export declare function packages(): { dir: string; name: string; short: string; pkg: any }[];
export declare function entryPoints(pkg: unknown): Record<string, string>;
export declare function sourceAliases(): Record<string, string>;
