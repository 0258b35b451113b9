/**
 * Chevrotain, as this package imports it. In dist/, the build (scripts/bundle-chevrotain.mjs) replaces
 * this module's output with Chevrotain bundled in one file: its published entry is ~700 small modules
 * (its own and lodash-es's) that cost a new process about 0.5 s of CPU to load, where one file loads in
 * ~20 ms. If tsc emits this file again, it is the plain re-export below: slower to start, same behaviour.
 */
export * from 'chevrotain';
