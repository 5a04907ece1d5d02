//! Task states: the request (JSONPath `Parameters` or JSONata `Arguments`), the call to the
//! mock that stands for the integration, its events per kind of work (service, Lambda,
//! activity), and the Task's timeouts on the virtual clock.

use super::*;

impl Interp {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn task(
        &mut self,
        name: &str,
        s: &sfn_core::model::Task,
        raw: &Value,
        entered: i64,
        retry_count: u32,
        language: QueryLanguage,
        vars: &Vars,
        prev: &mut u64,
    ) -> Result<Attempt, Halt> {
        let pattern = match parse_resource(&s.resource) {
            Resource::Optimized { suffix, .. } | Resource::Sdk { suffix, .. } => pattern_of(suffix),
            Resource::Other => None,
        };
        let token = (pattern == Some(Pattern::WaitForTaskToken)).then(|| {
            let a = self.rng.next_u64();
            let b = self.rng.next_u64();
            format!("{a:016x}{b:016x}")
        });
        let mut extra = Vec::new();
        if let Some(t) = &token {
            extra.push(("Task", json!({"Token": t})));
        }
        let context = self.context(name, entered, Some(retry_count), &extra);
        let (parameters, timeout, heartbeat, credentials) = if language == QueryLanguage::JSONata {
            self.jsonata_task_request(s, raw, &context, vars)?
        } else {
            self.jsonpath_task_request(s, raw, &context, vars)?
        };
        self.task_call(
            name,
            s,
            parameters,
            timeout,
            heartbeat,
            credentials,
            token,
            retry_count,
            prev,
        )
    }

    /// What a JSONata Task asks for: `Arguments` (the input when absent), `TimeoutSeconds`,
    /// `HeartbeatSeconds`, `Credentials`.
    fn jsonata_task_request(
        &mut self,
        s: &sfn_core::model::Task,
        raw: &Value,
        context: &Context,
        vars: &Vars,
    ) -> Result<TaskRequest, Failure> {
        let scope = Scope {
            input: raw,
            context,
            vars,
            result: None,
            error_output: None,
        };
        let mut ev = Evaluator::new(&scope, self.clock, &mut self.rng);
        let parameters = match &s.arguments {
            Some(a) => ev.value(a, "Arguments")?,
            None => raw.clone(),
        };
        let mut seconds = |d: &Option<Dynamic<u64>>, field: &str| -> Result<Option<u64>, Failure> {
            match d {
                None => Ok(None),
                Some(Dynamic::Literal(n)) => Ok(Some(*n)),
                Some(Dynamic::Expression(e)) => ev
                    .whole_number(&Value::String(e.clone()), field, 1)
                    .map(Some),
            }
        };
        let timeout = seconds(&s.timeout_seconds, "TimeoutSeconds")?;
        let heartbeat = seconds(&s.heartbeat_seconds, "HeartbeatSeconds")?;
        let credentials = match &s.credentials {
            Some(c) => Some(ev.value(c, "Credentials")?),
            None => None,
        };
        self.inspect("afterArguments", &parameters);
        Ok((parameters, timeout, heartbeat, credentials))
    }

    /// What a JSONPath Task asks for: `InputPath` then `Parameters`, the timeouts and their
    /// Path forms, `Credentials`.
    fn jsonpath_task_request(
        &mut self,
        s: &sfn_core::model::Task,
        raw: &Value,
        context: &Context,
        vars: &Vars,
    ) -> Result<TaskRequest, Failure> {
        let eff = input_path(s.input_path.as_ref(), raw, context, vars)?;
        self.inspect("afterInputPath", &eff);
        let parameters = match &s.parameters {
            Some(p) => self.template(p, &eff, context, vars)?,
            None => eff.clone().into_owned(),
        };
        self.inspect("afterParameters", &parameters);
        let env = Env {
            input: &eff,
            context,
            vars,
        };
        let seconds = |lit: &Option<sfn_core::model::Dynamic<u64>>,
                       path: &Option<String>,
                       field: &str|
         -> Result<Option<u64>, Failure> {
            if let Some(sfn_core::model::Dynamic::Literal(n)) = lit {
                return Ok(Some(*n));
            }
            let Some(p) = path else { return Ok(None) };
            let v = env.read_str(p)?.ok_or_else(|| {
                Failure::runtime(format!(
                    "The {field} parameter does not reference an input value: {p}"
                ))
            })?;
            v.as_u64().filter(|n| *n > 0).map(Some).ok_or_else(|| {
                Failure::runtime(format!("The {field} parameter references an invalid value: {} (a positive integer is required)", to_text(&v)))
            })
        };
        let timeout = seconds(
            &s.timeout_seconds,
            &s.timeout_seconds_path,
            "TimeoutSecondsPath",
        )?;
        let heartbeat = seconds(
            &s.heartbeat_seconds,
            &s.heartbeat_seconds_path,
            "HeartbeatSecondsPath",
        )?;
        let credentials = match &s.credentials {
            Some(c) => Some(self.template(c, &eff, context, vars)?),
            None => None,
        };
        Ok((parameters, timeout, heartbeat, credentials))
    }

    /// Calls the Task's integration (its mock) with the request, writing its events.
    #[allow(clippy::too_many_arguments)]
    fn task_call(
        &mut self,
        name: &str,
        s: &sfn_core::model::Task,
        parameters: Value,
        timeout: Option<u64>,
        heartbeat: Option<u64>,
        credentials: Option<Value>,
        token: Option<String>,
        retry_count: u32,
        prev: &mut u64,
    ) -> Result<Attempt, Halt> {
        let kind = TaskKind::of(&s.resource);
        let (resource_type, resource) = kind.names(&s.resource);
        let mut scheduled = Map::new();
        match kind {
            TaskKind::Service => {
                scheduled.insert("resourceType".into(), json!(resource_type));
                scheduled.insert("resource".into(), json!(resource));
                scheduled.insert("region".into(), json!(self.region));
                scheduled.insert("parameters".into(), json!(to_text(&parameters)));
            }
            TaskKind::Lambda | TaskKind::Activity => {
                scheduled.insert("resource".into(), json!(s.resource));
                scheduled.insert("input".into(), json!(to_text(&parameters)));
                scheduled.insert("inputDetails".into(), json!({"truncated": false}));
            }
        }
        if let Some(t) = timeout {
            scheduled.insert("timeoutInSeconds".into(), json!(t));
        }
        if let Some(h) = heartbeat {
            scheduled.insert("heartbeatInSeconds".into(), json!(h));
        }
        if let Some(c) = &credentials {
            if let Some(role) = c.get("RoleArn") {
                scheduled.insert("taskCredentials".into(), json!({"roleArn": role}));
            }
        }
        let (ev_scheduled, ev_started, ev_ok, ev_fail, key) = kind.events();
        self.emit(prev, ev_scheduled, Some((key.0, Value::Object(scheduled))));
        let started = match kind {
            TaskKind::Service => json!({"resourceType": resource_type, "resource": resource}),
            TaskKind::Activity => json!({"workerName": "sfn-local"}),
            TaskKind::Lambda => Value::Null,
        };
        self.emit(
            prev,
            ev_started,
            (!started.is_null()).then_some((key.1, started)),
        );
        let invocation = {
            let n = self.invocations.entry(name.to_string()).or_insert(0);
            let now = *n;
            *n += 1;
            now
        };
        let call = TaskCall {
            state: name.to_string(),
            resource: s.resource.clone(),
            parameters,
            task_token: token,
            invocation,
            retry_count,
        };
        let probed = self.probe_answer().map(|result| Answer {
            result,
            takes_millis: 0,
            heartbeat_millis: None,
        });
        let Some(answer) = probed.or_else(|| self.mocks.answer(&call)) else {
            return Err(Failure::runtime(format!(
                "No mock answers the Task state '{name}' (resource {}): give it one.",
                s.resource
            ))
            .into());
        };
        self.check_mock(name, &s.resource, &answer.result);
        if let Some(token) = call.task_token.as_deref() {
            if !crate::mock::carries(&call.parameters, token) {
                let w = format!(
                    "Task state '{name}': the request does not carry the task token (`$$.Task.Token`), so on AWS no worker could call back and the Task would wait until it times out"
                );
                if !self.warnings.contains(&w) {
                    self.warnings.push(w);
                }
            }
        }
        let answer = self.await_answer(answer, timeout, heartbeat)?;
        let service = |mut m: Map<String, Value>| {
            if kind == TaskKind::Service {
                let mut full = Map::new();
                full.insert("resourceType".into(), json!(resource_type));
                full.insert("resource".into(), json!(resource));
                full.append(&mut m);
                full
            } else {
                m
            }
        };
        match answer {
            Ok(result) => {
                self.inspect("result", &result);
                let text = encode_payload(name, &result)?;
                let mut m = Map::new();
                m.insert("output".into(), json!(text));
                m.insert("outputDetails".into(), json!({"truncated": false}));
                self.emit(prev, ev_ok, Some((key.2, Value::Object(service(m)))));
                Ok(Attempt { result })
            }
            Err(f) => {
                let m = history::error_details(&f);
                let timed_out = matches!(
                    f.error.as_str(),
                    "States.Timeout" | "States.HeartbeatTimeout"
                );
                let (kind_name, key_name) = if timed_out {
                    (kind.timed_out(), key.4)
                } else {
                    (ev_fail, key.3)
                };
                self.emit(prev, kind_name, Some((key_name, Value::Object(service(m)))));
                Err(f.into())
            }
        }
    }

    /// Lets the virtual clock run while the mocked work takes its time: the answer comes
    /// when the work is done, unless the Task's `TimeoutSeconds` (`States.Timeout`) or
    /// `HeartbeatSeconds` without a heartbeat (`States.HeartbeatTimeout`) ends it first. AWS
    /// reports both timeouts without a cause.
    fn await_answer(
        &mut self,
        answer: Answer,
        timeout_seconds: Option<u64>,
        heartbeat_seconds: Option<u64>,
    ) -> Result<MockResult, Halt> {
        let millis = |s: u64| i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX);
        let takes = answer.takes_millis;
        let timeout = timeout_seconds.map(millis).filter(|t| takes > *t);
        let heartbeat = heartbeat_seconds
            .map(millis)
            .filter(|h| takes > *h && answer.heartbeat_millis.is_none_or(|every| every > *h));
        match (heartbeat, timeout) {
            (Some(h), t) if t.is_none_or(|t| h < t) => {
                self.sleep(h)?;
                Ok(Err(Failure::new("States.HeartbeatTimeout", "")))
            }
            (_, Some(t)) => {
                self.sleep(t)?;
                Ok(Err(Failure::new("States.Timeout", "")))
            }
            _ => {
                self.sleep(takes)?;
                Ok(answer.result)
            }
        }
    }
}

/// The kind of work a Task resource names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TaskKind {
    Service,
    Lambda,
    Activity,
}

type EventKeys = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

impl TaskKind {
    pub(super) fn of(resource: &str) -> TaskKind {
        if sfn_core::catalog::is_activity_arn(resource) {
            TaskKind::Activity
        } else if resource.contains(":lambda:") && resource.contains(":function:") {
            TaskKind::Lambda
        } else {
            TaskKind::Service
        }
    }

    /// `resourceType` and `resource` of a service integration's events: `lambda`, `invoke`.
    fn names(self, resource: &str) -> (String, String) {
        match parse_resource(resource) {
            Resource::Optimized {
                service,
                action,
                suffix,
                ..
            } => (service.to_string(), format!("{action}{suffix}")),
            Resource::Sdk {
                service,
                action,
                suffix,
            } => (format!("aws-sdk:{service}"), format!("{action}{suffix}")),
            Resource::Other => {
                let mut parts = resource.rsplitn(2, ':');
                let action = parts.next().unwrap_or_default().to_string();
                (
                    parts
                        .next()
                        .unwrap_or_default()
                        .rsplit(':')
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                    action,
                )
            }
        }
    }

    fn events(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        EventKeys,
    ) {
        match self {
            TaskKind::Service => (
                "TaskScheduled",
                "TaskStarted",
                "TaskSucceeded",
                "TaskFailed",
                (
                    "taskScheduledEventDetails",
                    "taskStartedEventDetails",
                    "taskSucceededEventDetails",
                    "taskFailedEventDetails",
                    "taskTimedOutEventDetails",
                ),
            ),
            TaskKind::Lambda => (
                "LambdaFunctionScheduled",
                "LambdaFunctionStarted",
                "LambdaFunctionSucceeded",
                "LambdaFunctionFailed",
                (
                    "lambdaFunctionScheduledEventDetails",
                    "lambdaFunctionStartedEventDetails",
                    "lambdaFunctionSucceededEventDetails",
                    "lambdaFunctionFailedEventDetails",
                    "lambdaFunctionTimedOutEventDetails",
                ),
            ),
            TaskKind::Activity => (
                "ActivityScheduled",
                "ActivityStarted",
                "ActivitySucceeded",
                "ActivityFailed",
                (
                    "activityScheduledEventDetails",
                    "activityStartedEventDetails",
                    "activitySucceededEventDetails",
                    "activityFailedEventDetails",
                    "activityTimedOutEventDetails",
                ),
            ),
        }
    }

    fn timed_out(self) -> &'static str {
        match self {
            TaskKind::Service => "TaskTimedOut",
            TaskKind::Lambda => "LambdaFunctionTimedOut",
            TaskKind::Activity => "ActivityTimedOut",
        }
    }
}
