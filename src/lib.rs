//! negdiff: typed negotiation clauses and a semantic diff between positions.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod bargain;
