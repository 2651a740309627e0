//! resolve_cli tests.
