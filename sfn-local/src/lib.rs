//! Runs AWS Step Functions state machines in-process, as Step Functions would.

mod clock;
mod error;
mod intrinsics;
mod jsonpath;
mod rng;

pub use error::Failure;
