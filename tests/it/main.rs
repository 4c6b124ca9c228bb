//! Integration tests, in one binary so that they link once:
//!
//! - `e2e_v9`, `e2e_v8`: the generated client against a real HTTP server on 127.0.0.1;
//! - `compile`: trybuild cases of the generated client's API, and the code generated for awkward
//!   and random specs (`random_specs`) compiled with warnings denied;
//! - `api_diff`: spec changes as API changes, with their semver impact (`diffs/`);
//! - `diff_verdicts`: those verdicts checked by compiling code that uses the old crate against the new;
//! - `bad_specs`: every bad spec under `bad-specs/` with its expected diagnostics;
//! - `forward_compat`: unknown enum values, tri-state nullable fields;
//! - `hostile`: servers that misbehave (truncated, oversized, silent, garbled);
//! - `pagination`: paginated operations as streams of pages and items;
//! - `resilience`: retries, per-request options, hooks, request ids, tracing, secrets;
//! - `robustness`: mutated and random documents never make the generator panic;
//! - `generator`: what the generator promises for good specs (determinism, JSON input, names).

mod api_diff;
mod bad_specs;
mod compile;
mod diff_verdicts;
mod e2e_v8;
mod e2e_v9;
mod forward_compat;
mod generator;
mod hostile;
mod pagination;
mod random_specs;
mod resilience;
mod robustness;
mod support;
mod swagger2;
