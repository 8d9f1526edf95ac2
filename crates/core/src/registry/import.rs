//! (import: being written)
