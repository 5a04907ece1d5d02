//! Map states, inline and distributed: the items (`ItemsPath`/`Items`, `ItemSelector`), the
//! limits read once (`map_limits`), the iterations, and a Distributed Map's Map Run with its
//! child executions.

use super::*;

impl Interp {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn map(
        &mut self,
        name: &str,
        s: &sfn_core::model::Map,
        raw: &Value,
        entered: i64,
        entered_id: u64,
        retry_count: u32,
        language: QueryLanguage,
        vars: &Vars,
        prev: &mut u64,
    ) -> Result<Attempt, Halt> {
        let at = |f: Failure| located(f, name, entered_id);
        let context = self.context(name, entered, Some(retry_count), &[]);
        let eff = input_path(s.input_path.as_ref(), raw, &context, vars).map_err(at)?;
        if self.probe.is_some() {
            if language != QueryLanguage::JSONata {
                self.inspect("afterInputPath", &eff);
            }
            let limits = self
                .probe_map_limits(s, &eff, &context, vars, language)
                .map_err(at)?;
            // TestState's mock stands for the iterations' work.
            if let Some(answer) = self.probe_answer() {
                let answer = answer
                    .and_then(|result| self.probe_map_threshold(limits, &result).map(|()| result));
                return answer.map(|result| Attempt { result }).map_err(Halt::from);
            }
        }
        let Some(processor) = s.item_processor.as_ref().or(s.iterator.as_ref()) else {
            return Err(at(Failure::runtime("The Map state has no ItemProcessor.")).into());
        };
        // Read and checked even though the iterations run one after another here.
        if let Some(p) = &s.max_concurrency_path {
            whole_number(p, "MaxConcurrencyPath", 0, &eff, &context, vars).map_err(at)?;
        }
        let distributed = processor
            .processor_config
            .as_ref()
            .and_then(|c| c.mode.as_deref())
            == Some("DISTRIBUTED");
        if distributed {
            return self.distributed_map(
                name,
                s,
                processor,
                &eff,
                entered,
                entered_id,
                retry_count,
                language,
                vars,
                prev,
            );
        }
        let items = self
            .map_items(s, &eff, &context, vars, language)
            .map_err(at)?;
        let selector = s.item_selector.as_ref().or(s.parameters.as_ref());
        self.emit(
            prev,
            "MapStateStarted",
            Some((
                "mapStateStartedEventDetails",
                json!({"length": items.len()}),
            )),
        );
        let outer = Arc::new(vars.clone());
        let lang = processor.query_language.unwrap_or(language);
        let mut results = Vec::with_capacity(items.len());
        let mut chain = *prev;
        let mut last_done = *prev;
        self.nest()?;
        for (index, item) in items.iter().enumerate() {
            let item_input = match selector {
                Some(sel) => {
                    match self.select_item(
                        name,
                        entered,
                        retry_count,
                        (sel, language),
                        index,
                        item,
                        &eff,
                        vars,
                    ) {
                        Ok(v) => v,
                        Err(f) => {
                            self.depth -= 1;
                            return Err(at(f).into());
                        }
                    }
                }
                None => item.clone(),
            };
            let detail = json!({"index": index, "name": name});
            self.emit(
                &mut chain,
                "MapIterationStarted",
                Some(("mapIterationStartedEventDetails", detail.clone())),
            );
            let mut inner = outer.child();
            let r = self.run_scope(
                &processor.states,
                &processor.start_at,
                lang,
                item_input,
                &mut inner,
                &mut chain,
            );
            match r {
                Ok(v) => {
                    let mut p = chain;
                    last_done = self.emit(
                        &mut p,
                        "MapIterationSucceeded",
                        Some(("mapIterationSucceededEventDetails", detail)),
                    );
                    results.push(v);
                }
                Err(Halt::Failed(f)) => {
                    let mut p = chain;
                    self.emit(
                        &mut p,
                        "MapIterationFailed",
                        Some(("mapIterationFailedEventDetails", detail)),
                    );
                    self.depth -= 1;
                    *prev = chain;
                    return Err(Halt::Failed(f));
                }
                Err(other) => {
                    self.depth -= 1;
                    return Err(other);
                }
            }
        }
        self.depth -= 1;
        let mut p = last_done;
        self.emit(&mut p, "MapStateSucceeded", None);
        *prev = last_done;
        Ok(Attempt {
            result: Value::Array(results),
        })
    }

    /// TestState's `inspectionData` for a Map: `maxConcurrency` and the tolerated failures.
    fn probe_map_limits(
        &mut self,
        s: &sfn_core::model::Map,
        eff: &Value,
        context: &Context,
        vars: &Vars,
        language: QueryLanguage,
    ) -> Result<MapLimits, Failure> {
        let limits = self.map_limits(s, eff, context, vars, language)?;
        let (concurrency, count, percentage) = limits;
        self.inspect_number("maxConcurrency", json!(concurrency.unwrap_or(0)));
        if let Some(n) = count {
            self.inspect_number("toleratedFailureCount", json!(n));
        }
        if let Some(p) = percentage {
            self.inspect_number("toleratedFailurePercentage", json!(p));
        }
        Ok(limits)
    }

    /// `MaxConcurrency`, `ToleratedFailureCount` and `ToleratedFailurePercentage` (literal,
    /// JSONata, or their JSONPath Path forms).
    fn map_limits(
        &mut self,
        s: &sfn_core::model::Map,
        eff: &Value,
        context: &Context,
        vars: &Vars,
        language: QueryLanguage,
    ) -> Result<MapLimits, Failure> {
        let scope = Scope {
            input: eff,
            context,
            vars,
            result: None,
            error_output: None,
        };
        let mut ev = Evaluator::new(&scope, self.clock, &mut self.rng);
        let mut whole = |d: &Option<Dynamic<u64>>, field: &str| -> Result<Option<u64>, Failure> {
            match d {
                None => Ok(None),
                Some(Dynamic::Literal(n)) => Ok(Some(*n)),
                Some(Dynamic::Expression(e)) => ev
                    .whole_number(&Value::String(e.clone()), field, 0)
                    .map(Some),
            }
        };
        let mut concurrency = whole(&s.max_concurrency, "MaxConcurrency")?;
        let mut count = whole(&s.tolerated_failure_count, "ToleratedFailureCount")?;
        let mut percentage = match &s.tolerated_failure_percentage {
            None => None,
            Some(Dynamic::Literal(n)) => n.as_f64(),
            Some(Dynamic::Expression(e)) => {
                let tpl = Value::String(e.clone());
                let v = ev.value(&tpl, "ToleratedFailurePercentage")?;
                match v.as_f64() {
                    Some(p) if (0.0..=100.0).contains(&p) => Some(p),
                    _ => {
                        return Err(ev.unexpected(
                            &tpl,
                            "ToleratedFailurePercentage",
                            "a number from 0 to 100",
                            &v,
                        ))
                    }
                }
            }
        };
        if language != QueryLanguage::JSONata {
            if let Some(p) = &s.max_concurrency_path {
                concurrency = Some(whole_number(
                    p,
                    "MaxConcurrencyPath",
                    0,
                    eff,
                    context,
                    vars,
                )?);
            }
            if let Some(p) = &s.tolerated_failure_count_path {
                count = Some(whole_number(
                    p,
                    "ToleratedFailureCountPath",
                    0,
                    eff,
                    context,
                    vars,
                )?);
            }
            if let Some(p) = &s.tolerated_failure_percentage_path {
                percentage = Some(percentage_at(p, eff, context, vars)?);
            }
        }
        Ok((concurrency, count, percentage))
    }

    /// TestState: a mocked Map whose failed iterations (`mapIterationFailureCount`) pass the
    /// tolerated threshold fails as the Map Run would.
    fn probe_map_threshold(&self, limits: MapLimits, result: &Value) -> Result<(), Failure> {
        let Some(failed) = self.probe.as_ref().and_then(|p| p.map_failures) else {
            return Ok(());
        };
        let (_, count, percentage) = limits;
        // Without a threshold TestState does not fail the Map for its iterations (recorded),
        // where an execution's Map Run fails at the first.
        if count.is_none() && percentage.is_none() {
            return Ok(());
        }
        let total = result.as_array().map_or(0, Vec::len) as u64;
        if crate::distributed::exceeds_threshold(u64::from(failed), total, count, percentage) {
            return Err(Failure::new(
                crate::distributed::EXCEED_TOLERATED,
                crate::distributed::EXCEED_TOLERATED_CAUSE,
            ));
        }
        Ok(())
    }

    /// Keeps a number as an `inspectionData` field (not JSON text).
    fn inspect_number(&mut self, key: &str, value: Value) {
        if let Some(p) = &mut self.probe {
            p.numbers.insert(key.to_string(), value);
        }
    }

    /// One item's `ItemSelector`, with `$$.Map.Item` set.
    #[allow(clippy::too_many_arguments)]
    fn select_item(
        &mut self,
        name: &str,
        entered: i64,
        retry_count: u32,
        (selector, language): (&Value, QueryLanguage),
        index: usize,
        item: &Value,
        eff: &Value,
        vars: &Vars,
    ) -> Result<Value, Failure> {
        let ctx = self.context(
            name,
            entered,
            Some(retry_count),
            &[("Map", json!({"Item": {"Index": index, "Value": item}}))],
        );
        if language == QueryLanguage::JSONata {
            let scope = Scope {
                input: eff,
                context: &ctx,
                vars,
                result: None,
                error_output: None,
            };
            return Evaluator::new(&scope, self.clock, &mut self.rng)
                .value(selector, "ItemSelector");
        }
        self.template(selector, eff, &ctx, vars)
    }

    /// A Distributed Map: the items (from the input or an `ItemReader`), batched by the
    /// `ItemBatcher`, each batch or item run as a child execution of a Map Run.
    ///
    /// The parent's history has `MapStateStarted`, `MapRunStarted` (with the Map Run's ARN)
    /// and `MapRunSucceeded` or `MapRunFailed`, and none of the children's events: each child
    /// workflow execution has its own history, apart from the parent's ("Distributed Map
    /// state", "Map Run"). A child sees none of the parent's variables ("Passing data
    /// between states with variables": a Distributed Map's children cannot reference
    /// variables of outer scopes), and its `$$.Execution` is its own.
    #[allow(clippy::too_many_arguments)]
    fn distributed_map(
        &mut self,
        name: &str,
        s: &sfn_core::model::Map,
        processor: &sfn_core::model::Scope,
        eff: &Value,
        entered: i64,
        entered_id: u64,
        retry_count: u32,
        language: QueryLanguage,
        vars: &Vars,
        prev: &mut u64,
    ) -> Result<Attempt, Halt> {
        use crate::distributed as dist;
        use sfn_core::model::Dynamic;
        let at = |f: Failure| located(f, name, entered_id);
        let context = self.context(name, entered, Some(retry_count), &[]);
        // The tolerated failures: literal, JSONata, or read from the effective input.
        let (_, count, percentage) = self
            .map_limits(s, eff, &context, vars, language)
            .map_err(at)?;
        // The reader's configuration and parameters, or the items in the input.
        let reader = match &s.item_reader {
            Some(r) => {
                let config = r.reader_config.as_ref();
                let max_path = match config
                    .and_then(|c| c.get("MaxItemsPath"))
                    .and_then(Value::as_str)
                {
                    Some(p) => {
                        Some(whole_number(p, "MaxItemsPath", 1, eff, &context, vars).map_err(at)?)
                    }
                    None => None,
                };
                let parsed =
                    dist::ReaderConfig::parse(&r.resource, config, max_path).map_err(at)?;
                let parameters = match &r.parameters {
                    Some(p) => self.template(p, eff, &context, vars).map_err(at)?,
                    None => json!({}),
                };
                Some((r.resource.clone(), parameters, parsed))
            }
            None => None,
        };
        let from_input = match reader {
            Some(_) => None,
            None => Some(
                self.map_items(s, eff, &context, vars, language)
                    .map_err(at)?,
            ),
        };
        // The batcher's limits and BatchInput.
        let batcher = match &s.item_batcher {
            Some(b) => {
                let limit = |lit: &Option<Dynamic<u64>>,
                             path: &Option<String>,
                             field: &str|
                 -> Result<Option<u64>, Failure> {
                    match (lit, path) {
                        (Some(Dynamic::Literal(n)), _) => Ok(Some(*n)),
                        (_, Some(p)) => whole_number(p, field, 1, eff, &context, vars).map(Some),
                        _ => Ok(None),
                    }
                };
                let max_items = limit(
                    &b.max_items_per_batch,
                    &b.max_items_per_batch_path,
                    "MaxItemsPerBatchPath",
                )
                .map_err(at)?;
                let max_bytes = limit(
                    &b.max_input_bytes_per_batch,
                    &b.max_input_bytes_per_batch_path,
                    "MaxInputBytesPerBatchPath",
                )
                .map_err(at)?
                .map(|n| n.min(MAX_PAYLOAD_BYTES as u64));
                let batch_input = match &b.batch_input {
                    Some(t) => Some(self.template(t, eff, &context, vars).map_err(at)?),
                    None => None,
                };
                Some((max_items, max_bytes, batch_input))
            }
            None => None,
        };
        // The Map Run: its label, id and ARN.
        let machine_arn = self
            .state_machine
            .get("Id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let label = match &s.label {
            Some(l) => l.clone(),
            None => self.rng.uuid(),
        };
        let run_id = self.rng.uuid();
        let run_arn = dist::map_run_arn(&machine_arn, &label, &run_id);
        // With an ItemReader the items are read by the Map Run, after it starts.
        let length = from_input.as_ref().map_or(0, Vec::len);
        self.emit(
            prev,
            "MapStateStarted",
            Some(("mapStateStartedEventDetails", json!({"length": length}))),
        );
        self.emit(
            prev,
            "MapRunStarted",
            Some(("mapRunStartedEventDetails", json!({"mapRunArn": run_arn}))),
        );
        let run = MapRun {
            name,
            entered,
            retry_count,
            eff,
            vars,
            machine_arn: &machine_arn,
            label: &label,
            count,
            percentage,
            language,
        };
        let outcome = (|| -> Result<Vec<dist::Child>, Halt> {
            let items = match (from_input, reader) {
                (Some(items), _) => items,
                (None, Some((resource, parameters, config))) => {
                    self.read_items(name, &resource, parameters, &config)?
                }
                (None, None) => Vec::new(),
            };
            self.run_children(&run, s, processor, language, items, batcher)
        })();
        let children = match outcome {
            Ok(c) => c,
            Err(Halt::Failed(f)) => {
                let f = at(f);
                self.emit(
                    prev,
                    "MapRunFailed",
                    Some((
                        "mapRunFailedEventDetails",
                        json!({"cause": f.cause, "error": f.error}),
                    )),
                );
                return Err(Halt::Failed(f));
            }
            Err(other) => return Err(other),
        };
        let result = match &s.result_writer {
            Some(w) if w.resource.is_some() => {
                let parameters = match &w.parameters {
                    Some(p) => self.template(p, eff, &context, vars).map_err(at)?,
                    None => json!({}),
                };
                let text = |k: &str| {
                    parameters
                        .get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                json!({
                    "MapRunArn": run_arn,
                    "ResultWriterDetails": {
                        "Bucket": text("Bucket"),
                        "Key": dist::manifest_key(&text("Prefix"), &run_id),
                    }
                })
            }
            Some(w) => dist::results(
                &children,
                dist::Transformation::parse(w.writer_config.as_ref(), false),
            ),
            None => dist::results(&children, dist::Transformation::Compact),
        };
        self.emit(prev, "MapRunSucceeded", None);
        self.emit(prev, "MapStateSucceeded", None);
        Ok(Attempt { result })
    }

    /// Runs a Map Run's children one after another, each in a history of its own, and stops
    /// with `States.ExceedToleratedFailureThreshold` once the failures exceed the threshold
    /// (a failed batch counts all its items as failed).
    fn run_children(
        &mut self,
        run: &MapRun<'_>,
        s: &sfn_core::model::Map,
        processor: &sfn_core::model::Scope,
        language: QueryLanguage,
        items: Vec<Value>,
        batcher: Option<(Option<u64>, Option<u64>, Option<Value>)>,
    ) -> Result<Vec<crate::distributed::Child>, Halt> {
        use crate::distributed as dist;
        let total = items.len() as u64;
        let selector = s.item_selector.as_ref().or(s.parameters.as_ref());
        let mut inputs = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            inputs.push(match selector {
                Some(sel) => self.select_item(
                    run.name,
                    run.entered,
                    run.retry_count,
                    (sel, run.language),
                    index,
                    item,
                    run.eff,
                    run.vars,
                )?,
                None => item.clone(),
            });
        }
        let inputs: Vec<(Value, u64)> = match batcher {
            Some((max_items, max_bytes, batch_input)) => {
                dist::batches(inputs, max_items, max_bytes, batch_input.as_ref())
                    .map_err(|e| {
                        Failure::runtime(format!("The ItemBatcher cannot batch the items: {e}."))
                    })?
                    .into_iter()
                    .map(|b| {
                        let n = b["Items"].as_array().map_or(0, Vec::len) as u64;
                        (b, n)
                    })
                    .collect()
            }
            None => inputs.into_iter().map(|i| (i, 1)).collect(),
        };
        let lang = processor.query_language.unwrap_or(language);
        let child_machine = format!("{}/{}", run.machine_arn, run.label);
        let machine_name = self
            .state_machine
            .get("Name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let execution_base = run.machine_arn.replacen(":stateMachine:", ":execution:", 1);
        let role = self
            .execution
            .get("RoleArn")
            .cloned()
            .unwrap_or(Value::Null);
        let mut children = Vec::with_capacity(inputs.len());
        let mut failed = 0u64;
        self.nest()?;
        for (input, size) in inputs {
            let id = self.rng.uuid();
            let arn = format!("{execution_base}/{}:{id}", run.label);
            let start = format_timestamp(self.clock);
            let execution = json!({
                "Id": arn, "Input": input, "Name": id, "RoleArn": role,
                "StartTime": start, "RedriveCount": 0,
            });
            let machine =
                json!({"Id": child_machine, "Name": format!("{machine_name}/{}", run.label)});
            // The child's history is its own: the parent's is set aside while it runs.
            let parent_events = std::mem::take(&mut self.events);
            let parent_count = std::mem::replace(&mut self.event_count, 0);
            let parent_exhausted = std::mem::replace(&mut self.exhausted, false);
            let parent_execution = std::mem::replace(&mut self.execution, Arc::new(execution));
            let parent_machine = std::mem::replace(&mut self.state_machine, Arc::new(machine));
            let mut child_prev = 0;
            let r = self.run_scope(
                &processor.states,
                &processor.start_at,
                lang,
                input.clone(),
                &mut Vars::default(),
                &mut child_prev,
            );
            self.events = parent_events;
            self.event_count = parent_count;
            self.exhausted = parent_exhausted;
            self.execution = parent_execution;
            self.state_machine = parent_machine;
            let outcome = match r {
                Ok(v) => Ok(v),
                Err(Halt::Failed(f)) => Err(f),
                Err(other) => {
                    self.depth -= 1;
                    return Err(other);
                }
            };
            if outcome.is_err() {
                failed += size;
            }
            children.push(dist::Child {
                arn,
                name: id,
                state_machine: child_machine.clone(),
                input,
                outcome,
                start,
                stop: format_timestamp(self.clock),
            });
            if dist::exceeds_threshold(failed, total, run.count, run.percentage) {
                self.depth -= 1;
                return Err(
                    Failure::new(dist::EXCEED_TOLERATED, dist::EXCEED_TOLERATED_CAUSE).into(),
                );
            }
        }
        self.depth -= 1;
        Ok(children)
    }
}

/// What the children of one Map Run share.
struct MapRun<'a> {
    name: &'a str,
    entered: i64,
    retry_count: u32,
    eff: &'a Value,
    vars: &'a Vars,
    machine_arn: &'a str,
    label: &'a str,
    count: Option<u64>,
    percentage: Option<f64>,
    language: QueryLanguage,
}

impl Interp {
    /// The items of a Map: `Items` (JSONata: an array or an expression that gives one) or
    /// `ItemsPath` (JSONPath), the effective input when neither is given.
    fn map_items(
        &mut self,
        s: &sfn_core::model::Map,
        eff: &Value,
        context: &Context,
        vars: &Vars,
        language: QueryLanguage,
    ) -> Result<Vec<Value>, Failure> {
        if language != QueryLanguage::JSONata {
            return items_at(s.items_path.as_deref(), eff, context, vars);
        }
        let Some(tpl) = &s.items else {
            return items_at(None, eff, context, vars);
        };
        let scope = Scope {
            input: eff,
            context,
            vars,
            result: None,
            error_output: None,
        };
        let mut ev = Evaluator::new(&scope, self.clock, &mut self.rng);
        match ev.value(tpl, "Items")? {
            Value::Array(items) => Ok(items),
            other => Err(ev.unexpected(tpl, "Items", "'array'", &other)),
        }
    }
}

/// The array a Map iterates over: the node at `ItemsPath` (`$` when absent).
fn items_at(
    path: Option<&str>,
    eff: &Value,
    context: &Context,
    vars: &Vars,
) -> Result<Vec<Value>, Failure> {
    let value = match path {
        Some(p) => Env {
            input: eff,
            context,
            vars,
        }
        .read_str(p)?
        .ok_or_else(|| {
            Failure::runtime(format!("Invalid path '{p}' : No results for path: {p}"))
        })?,
        None => eff.clone(),
    };
    match value {
        Value::Array(items) => Ok(items),
        other => Err(Failure::runtime(format!(
            "Item collection is not a JSON array: {}",
            to_text(&other)
        ))),
    }
}

/// The whole number at the reference path `path` of a `...Path` field, at least `min`; any
/// other value fails the state with `States.Runtime`. A string that holds a whole number is
/// read as that number: AWS runs a Map whose `MaxConcurrencyPath` names `"1"` (recorded in
/// `../shared/conformance-exec/`).
fn whole_number(
    path: &str,
    field: &str,
    min: u64,
    eff: &Value,
    context: &Context,
    vars: &Vars,
) -> Result<u64, Failure> {
    let env = Env {
        input: eff,
        context,
        vars,
    };
    let v = env.read_str(path)?.ok_or_else(|| {
        Failure::runtime(format!(
            "The {field} field does not reference an input value: {path}"
        ))
    })?;
    let wanted = if min == 0 {
        "a non-negative integer"
    } else {
        "a positive integer"
    };
    let n = match &v {
        Value::String(s) => s.trim().parse::<u64>().ok(),
        other => other.as_u64(),
    };
    n.filter(|n| *n >= min).ok_or_else(|| {
        Failure::runtime(format!(
            "The {field} field references an invalid value: {} ({wanted} is required)",
            to_text(&v)
        ))
    })
}

/// The percentage at `ToleratedFailurePercentagePath`: a number from 0 to 100.
fn percentage_at(path: &str, eff: &Value, context: &Context, vars: &Vars) -> Result<f64, Failure> {
    let env = Env {
        input: eff,
        context,
        vars,
    };
    let field = "ToleratedFailurePercentagePath";
    let v = env.read_str(path)?.ok_or_else(|| {
        Failure::runtime(format!(
            "The {field} field does not reference an input value: {path}"
        ))
    })?;
    v.as_f64()
        .filter(|n| (0.0..=100.0).contains(n))
        .ok_or_else(|| {
            Failure::runtime(format!(
                "The {field} field references an invalid value: {} (a number from 0 to 100 is required)",
                to_text(&v)
            ))
        })
}
