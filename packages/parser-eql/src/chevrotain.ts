/**
 * Chevrotain, imported from one place. The build (scripts/bundle-chevrotain.mjs) replaces this module's
 * output, dist/chevrotain.js, by Chevrotain bundled into that one file: importing Chevrotain's own ~700
 * separate ES modules (lodash-es included) cost a new process about half a second, the bundle about
 * 15 ms. Tests and the CLI bundle read the sources, where this is a plain re-export.
 */
export * from 'chevrotain';
