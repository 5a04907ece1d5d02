//! The vocabulary of the Amazon States Language, once: state types, the fields of each state
//! type in each query language, the fields of the machine, of scopes and of every nested object,
//! Choice operators, keywords and their snake_case spelling, transitions, Step Functions' own
//! error names and `${Name}` placeholders.
//!
//! Every other module (the validator, the model, the flow analysis, the renderings, the `asl!`
//! front end) reads these tables; none keeps a list of its own.
//!
//! ```
//! use sfn_core::asl::{self, QueryLanguage, StateType};
//!
//! let wait = StateType::from_name("Wait").unwrap();
//! assert!(asl::STATE_FIELDS.allows("SecondsPath", wait, QueryLanguage::JSONPath));
//! assert!(!asl::STATE_FIELDS.allows("SecondsPath", wait, QueryLanguage::JSONata));
//! // The field that takes its place in the other query language, from the same table.
//! assert_eq!(asl::STATE_FIELDS.counterpart("SecondsPath", wait, QueryLanguage::JSONata), Some("Seconds"));
//! assert_eq!(asl::keywords::to_snake_case("SecondsPath"), "seconds_path");
//! ```

mod choice;
mod errors;
mod fields;
pub mod keywords;
mod names;
mod placeholders;
mod state_type;
mod timestamp;
mod transitions;
mod workflow;

pub use choice::{Operand, COMBINATORS, OPERATORS};
pub use errors::{is_predefined_error, HTTP_STATUS_ERROR_PREFIX, PREDEFINED_ERRORS};
pub use fields::*;
pub use names::{check_state_machine_name, forbidden_name_char};
pub use placeholders::{
    has_placeholder, is_whole_placeholder, mask_placeholders, placeholder_at, placeholder_names,
    substitutions,
};
pub use state_type::{QueryLanguage, StateType};
pub use timestamp::{civil_from_days, days_from_civil, is_rfc3339_timestamp};
pub use transitions::{is_terminal, transitions};
pub use workflow::WorkflowType;
