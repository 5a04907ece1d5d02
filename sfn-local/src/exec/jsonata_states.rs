//! States whose query language is JSONata: Pass, Wait, Succeed, Fail and Choice here; Task,
//! Parallel and Map share their work with JSONPath states and differ only in how their input
//! and output are made (`Arguments`, `Items`, `ItemSelector`, `Output`, `Assign`).

use serde_json::{json, Value};
use sfn_core::model::{Dynamic, State};

use super::{located, Halt, Interp, Step};
use crate::clock::parse_timestamp;
use crate::coverage::Out;
use crate::data::to_text;
use crate::error::Failure;
use crate::jsonata::{Evaluator, Scope};
use crate::vars::Vars;

impl Interp {
    /// A Pass, Wait, Succeed, Fail or Choice state in JSONata.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn jsonata_state(
        &mut self,
        name: &str,
        ty: &str,
        state: &State,
        raw: Value,
        vars: &mut Vars,
        prev: &mut u64,
        entered: i64,
        entered_id: u64,
    ) -> Result<Step, Halt> {
        let at = |f: Failure| located(f, name, entered_id);
        let context = self.context(name, entered, None, &[]);
        macro_rules! evaluator {
            () => {
                Evaluator::new(
                    &Scope {
                        input: &raw,
                        context: &context,
                        vars,
                        result: None,
                        error_output: None,
                    },
                    self.clock,
                    &mut self.rng,
                )
            };
        }
        // Output (the input when absent) and Assign, from the same snapshot of variables.
        macro_rules! output_and_assign {
            ($output:expr, $assign:expr, $prefix:expr) => {{
                let mut ev = evaluator!();
                let prefix: &str = $prefix;
                let assigned = ev.assign($assign, &format!("{prefix}Assign")).map_err(at)?;
                let out = match $output {
                    Some(o) => ev.value(o, &format!("{prefix}Output")).map_err(at)?,
                    None => raw.clone(),
                };
                (out, assigned)
            }};
        }
        match state {
            State::Pass(s) => {
                let (out, assigned) = output_and_assign!(s.output.as_ref(), s.assign.as_ref(), "");
                self.finish(name, ty, out, assigned, vars, prev, s.next.as_deref())
            }
            State::Succeed(s) => {
                let (out, _) = output_and_assign!(s.output.as_ref(), None, "");
                self.finish(name, ty, out, Vec::new(), vars, prev, None)
            }
            State::Wait(s) => {
                let until = {
                    let mut ev = evaluator!();
                    match (&s.seconds, &s.timestamp) {
                        (Some(Dynamic::Literal(n)), _) => {
                            self.clock.saturating_add(*n as i64 * 1000)
                        }
                        (Some(Dynamic::Expression(e)), _) => {
                            let n = ev
                                .whole_number(&Value::String(e.clone()), "Seconds", 0)
                                .map_err(at)?;
                            self.clock.saturating_add((n as i64).saturating_mul(1000))
                        }
                        (None, Some(t)) => {
                            let tpl = Value::String(t.clone());
                            let v = ev.value(&tpl, "Timestamp").map_err(at)?;
                            match v.as_str().and_then(parse_timestamp) {
                                Some(ms) => ms,
                                None => {
                                    return Err(at(ev.unexpected(
                                        &tpl,
                                        "Timestamp",
                                        "an RFC 3339 timestamp string",
                                        &v,
                                    ))
                                    .into())
                                }
                            }
                        }
                        (None, None) => self.clock,
                    }
                };
                self.sleep(until - self.clock)?;
                let (out, assigned) = output_and_assign!(s.output.as_ref(), s.assign.as_ref(), "");
                self.finish(name, ty, out, assigned, vars, prev, s.next.as_deref())
            }
            State::Fail(s) => {
                let mut ev = evaluator!();
                let mut text = |v: &Option<String>, field: &str| -> Result<String, Failure> {
                    let Some(v) = v else {
                        return Ok(String::new());
                    };
                    let tpl = Value::String(v.clone());
                    match ev.value(&tpl, field)? {
                        Value::String(s) => Ok(s),
                        other => Err(ev.unexpected(&tpl, field, "'string'", &other)),
                    }
                };
                let error = text(&s.error, "Error").map_err(at)?;
                let cause = text(&s.cause, "Cause").map_err(at)?;
                Err(Halt::Failed(Failure { error, cause }))
            }
            State::Choice(s) => {
                let mut taken = None;
                {
                    let mut ev = evaluator!();
                    for (i, rule) in s.choices.iter().enumerate() {
                        let field = format!("Choices[{i}]/Condition");
                        let holds = match &rule.condition {
                            Some(Dynamic::Literal(b)) => *b,
                            Some(Dynamic::Expression(e)) => {
                                let tpl = Value::String(e.clone());
                                match ev.value(&tpl, &field).map_err(at)? {
                                    Value::Bool(b) => b,
                                    other => {
                                        return Err(at(ev.unexpected(
                                            &tpl,
                                            &field,
                                            "'boolean'",
                                            &other,
                                        ))
                                        .into())
                                    }
                                }
                            }
                            None => false,
                        };
                        if holds {
                            taken = Some(i);
                            break;
                        }
                    }
                }
                let (next, output, assign, prefix) = match taken {
                    Some(i) => {
                        let rule = &s.choices[i];
                        (
                            rule.next.clone(),
                            rule.output.as_ref(),
                            rule.assign.as_ref(),
                            format!("Choices[{i}]/"),
                        )
                    }
                    None => (
                        s.default.clone(),
                        s.output.as_ref(),
                        s.assign.as_ref(),
                        String::new(),
                    ),
                };
                let Some(next) = next else {
                    return Err(Halt::Failed(Failure::new(
                        "States.NoChoiceMatched",
                        format!("No Matches! (state '{name}', input {})", to_text(&raw)),
                    )));
                };
                let (out, assigned) = output_and_assign!(output, assign, &prefix);
                let by = taken.map_or(Out::Default, Out::Rule);
                self.finish(name, ty, out, assigned, vars, prev, Some(&next))
                    .map(|step| step.by(by))
            }
            // Task, Parallel and Map run through the shared path.
            _ => Err(Failure::runtime(json!(ty).to_string()).into()),
        }
    }
}
