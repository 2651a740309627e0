//! Integration tests: one binary, one module per feature, fed by fixture
//! sites under `tests/fixtures/` (valid) and `tests/fixtures/invalid/`.

mod build;
mod common;
mod resolve_cli;
mod site;
mod timeline_cli;
