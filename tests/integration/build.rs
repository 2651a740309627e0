//! `dateline build`: fixture sites in, checked sites out.
