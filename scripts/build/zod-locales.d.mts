import type { Plugin } from 'esbuild';
export declare const englishOnlyZodLocales: Plugin;
