//! Integration tests: one binary, one module per feature, fed by fixture
//! sites under `tests/fixtures/` (valid) and `tests/fixtures/invalid/`.

mod build;
mod check;
mod common;
mod resolve_cli;
mod serve;
mod site;
mod story;
mod timeline_cli;
