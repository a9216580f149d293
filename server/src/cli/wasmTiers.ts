// A CLI run is short: V8's optimizing WASM tier (TurboFan) would compile libpg-query's
// parser on a helper thread competing for the cores, and finish about when the run does.
// Baseline code (Liftoff) alone parses the 4,000-file benchmark ~40% faster in CPU. Flags
// apply to modules compiled after them, so this module is imported before any parser; the
// long-lived language server keeps the default tiers.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
