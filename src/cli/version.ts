/** Replaced at bundle time; read from package.json in development. */
declare const __AITM_VERSION__: string | undefined;

export const VERSION: string = typeof __AITM_VERSION__ === 'string' ? __AITM_VERSION__ : '0.1.0-dev';
