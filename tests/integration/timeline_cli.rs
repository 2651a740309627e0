//! timeline_cli tests.
