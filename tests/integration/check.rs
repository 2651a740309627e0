//! `dateline check`: fixture sites for each kind of finding, exact output.
