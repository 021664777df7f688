//! Structured fuzz inputs: runs built mostly from the catalogue (fault and flow ids picked by
//! index, parameters at and just past their bounds), so the fuzzer spends its time in the
//! simulator instead of failing to parse JSON.

use arbitrary::Arbitrary;
use faultline_engine::{CallSpec, Difficulty, FaultInfo, FaultSpec, Flow, FlowInfo, RunSpec};
use serde_json::Value;
use std::sync::OnceLock;

pub fn catalogue() -> &'static [FaultInfo] {
    static FAULTS: OnceLock<Vec<FaultInfo>> = OnceLock::new();
    FAULTS.get_or_init(faultline_engine::faults)
}

pub fn flow_catalogue() -> &'static [FlowInfo] {
    static FLOWS: OnceLock<Vec<FlowInfo>> = OnceLock::new();
    FLOWS.get_or_init(faultline_engine::flows)
}

fn pick<T>(xs: &[T], i: u8) -> &T {
    &xs[i as usize % xs.len()]
}

/// One parameter's value: mostly the interesting edges of its declared range.
#[derive(Arbitrary, Debug, Clone)]
pub enum ParamValue {
    Missing,
    Min,
    Max,
    BelowMin,
    AboveMax,
    Int(i64),
    Huge(u64),
    Float(f64),
    Text(String),
    Null,
    Bool(bool),
}

impl ParamValue {
    /// `None` leaves the parameter out (the default applies).
    fn value(&self, min: Option<i64>, max: Option<i64>, default: &Value) -> Option<Value> {
        let lo = min.unwrap_or(0);
        let hi = max.unwrap_or(0);
        Some(match self {
            ParamValue::Missing => return None,
            ParamValue::Min if min.is_some() => Value::from(lo),
            ParamValue::Max if max.is_some() => Value::from(hi),
            ParamValue::BelowMin if min.is_some() => Value::from(lo.saturating_sub(1)),
            ParamValue::AboveMax if max.is_some() => Value::from(hi.saturating_add(1)),
            ParamValue::Min | ParamValue::Max | ParamValue::BelowMin | ParamValue::AboveMax => {
                default.clone()
            }
            ParamValue::Int(i) => Value::from(*i),
            ParamValue::Huge(u) => Value::from(*u),
            ParamValue::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            ParamValue::Text(s) => Value::from(s.as_str()),
            ParamValue::Null => Value::Null,
            ParamValue::Bool(b) => Value::from(*b),
        })
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub enum FaultPick {
    Catalogue(u8),
    Named(String),
}

#[derive(Arbitrary, Debug, Clone)]
pub struct ArbFault {
    pub pick: FaultPick,
    /// One per declared parameter, in order; missing ones take the default.
    pub params: Vec<ParamValue>,
    /// A parameter the fault does not declare.
    pub stray: Option<(String, i64)>,
}

impl ArbFault {
    pub fn spec(&self) -> FaultSpec {
        match &self.pick {
            FaultPick::Named(id) => {
                let mut f = FaultSpec::new(id);
                if let Some((k, v)) = &self.stray {
                    f.params.insert(k.clone(), Value::from(*v));
                }
                f
            }
            FaultPick::Catalogue(i) => {
                let info = pick(catalogue(), *i);
                let mut f = FaultSpec::new(&info.id);
                for (p, v) in info.params.iter().zip(&self.params) {
                    if let Some(v) = v.value(p.min, p.max, &p.default) {
                        f.params.insert(p.name.clone(), v);
                    }
                }
                if let Some((k, v)) = &self.stray {
                    f.params.insert(k.clone(), Value::from(*v));
                }
                f
            }
        }
    }

    /// The first flow the fault applies to, when it is from the catalogue.
    fn flows(&self) -> Option<&'static [Flow]> {
        match self.pick {
            FaultPick::Catalogue(i) => Some(&pick(catalogue(), i).flows),
            FaultPick::Named(_) => None,
        }
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub enum FlowPick {
    /// A flow the first fault applies to (the usual case).
    OfFirstFault(u8),
    Catalogue(u8),
    Named(String),
    Default,
}

#[derive(Arbitrary, Debug, Clone)]
pub enum MethodPick {
    Listed(u8),
    Named(String),
}

#[derive(Arbitrary, Debug, Clone)]
pub struct ArbCall {
    pub method: MethodPick,
    /// Appended to a known path, or used whole.
    pub path: String,
    pub whole_path: bool,
}

impl ArbCall {
    pub fn spec(&self) -> CallSpec {
        const METHODS: [&str; 9] = [
            "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "get", "TRACE",
        ];
        let method = match &self.method {
            MethodPick::Listed(i) => pick(&METHODS, *i).to_string(),
            MethodPick::Named(m) => m.clone(),
        };
        let path = if self.whole_path {
            self.path.clone()
        } else {
            format!("/v2/customers/{}", self.path)
        };
        CallSpec { method, path }
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub struct ArbRun {
    pub flow: FlowPick,
    pub faults: Vec<ArbFault>,
    pub seed: u64,
    pub call: Option<ArbCall>,
}

/// Most faults a fuzzed run stacks (packs allow 6; links are bounded only by their length).
pub const MAX_FUZZ_FAULTS: usize = 8;

impl ArbRun {
    pub fn spec(&self) -> RunSpec {
        let faults: Vec<FaultSpec> = self
            .faults
            .iter()
            .take(MAX_FUZZ_FAULTS)
            .map(ArbFault::spec)
            .collect();
        let flow = match &self.flow {
            FlowPick::OfFirstFault(i) => self
                .faults
                .first()
                .and_then(ArbFault::flows)
                .map(|fl| pick(fl, *i).to_string()),
            FlowPick::Catalogue(i) => Some(pick(flow_catalogue(), *i).id.to_string()),
            FlowPick::Named(f) => Some(f.clone()),
            FlowPick::Default => None,
        };
        RunSpec {
            flow,
            faults,
            seed: self.seed,
            call: self.call.as_ref().map(ArbCall::spec),
            client: None,
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum ArbDifficulty {
    Easy,
    Medium,
    Hard,
}

impl From<ArbDifficulty> for Difficulty {
    fn from(d: ArbDifficulty) -> Difficulty {
        match d {
            ArbDifficulty::Easy => Difficulty::Easy,
            ArbDifficulty::Medium => Difficulty::Medium,
            ArbDifficulty::Hard => Difficulty::Hard,
        }
    }
}

/// A JSON value of any shape, for fields stored with the wrong type.
#[derive(Arbitrary, Debug, Clone)]
pub enum ArbJson {
    Null,
    Bool(bool),
    Int(i64),
    Huge(u64),
    Float(f64),
    Text(String),
    List(Vec<ArbJson>),
    Object(Vec<(String, ArbJson)>),
}

impl ArbJson {
    /// Depth-bounded, so a hostile input cannot build a value too deep to drop.
    pub fn value(&self, depth: usize) -> Value {
        if depth > 8 {
            return Value::Null;
        }
        match self {
            ArbJson::Null => Value::Null,
            ArbJson::Bool(b) => Value::from(*b),
            ArbJson::Int(i) => Value::from(*i),
            ArbJson::Huge(u) => Value::from(*u),
            ArbJson::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            ArbJson::Text(s) => Value::from(s.as_str()),
            ArbJson::List(xs) => Value::Array(xs.iter().map(|x| x.value(depth + 1)).collect()),
            ArbJson::Object(kv) => Value::Object(
                kv.iter()
                    .map(|(k, v)| (k.clone(), v.value(depth + 1)))
                    .collect(),
            ),
        }
    }
}

/// A scenario as an app may have stored it: a run that mostly makes sense, with any field
/// replaced by a value of the wrong shape, and unknown fields added.
#[derive(Arbitrary, Debug, Clone)]
pub struct ArbScenario {
    pub run: ArbRun,
    pub fault_as_list: bool,
    pub difficulty: Option<ArbDifficulty>,
    pub story: Option<String>,
    pub layer: Option<u8>,
    /// (field index, value) pairs that overwrite a field with anything.
    pub overrides: Vec<(u8, ArbJson)>,
}

/// The engine's own list of scenario fields, plus one it does not know: an override index past the
/// known fields writes `unknown_field`, so the validator's unknown-field report is reached too.
fn scenario_field(i: u8) -> &'static str {
    let known = faultline_engine::scenario::SCENARIO_FIELDS;
    known
        .get(i as usize % (known.len() + 1))
        .copied()
        .unwrap_or("unknown_field")
}

impl ArbScenario {
    pub fn value(&self) -> Value {
        let spec = self.run.spec();
        let faults: Vec<Value> = spec
            .faults
            .iter()
            .map(|f| serde_json::to_value(f).unwrap_or(Value::Null))
            .collect();
        let fault = if self.fault_as_list || faults.len() != 1 {
            Value::Array(faults)
        } else {
            faults.into_iter().next().unwrap_or(Value::Null)
        };
        let mut s = serde_json::json!({
            "id": "fuzzed",
            "schema_version": faultline_engine::SCHEMA_VERSION,
            "title": "Fuzzed",
            "story": {
                "who": "x", "since": "y", "expected": "z",
                "actual": self.story.clone().unwrap_or_else(|| "x".into()),
            },
            "flow": spec.flow,
            "fault": fault,
            "seed": spec.seed,
            "difficulty": match self.difficulty.map(Difficulty::from) {
                Some(Difficulty::Easy) => "easy",
                Some(Difficulty::Hard) => "hard",
                _ => "medium",
            },
        });
        if let Some(c) = &spec.call {
            s["call"] = serde_json::json!({"method": c.method, "path": c.path});
        }
        if let Some(l) = self.layer {
            s["layer"] = Value::from(
                faultline_engine::Layer::ALL[l as usize % faultline_engine::Layer::ALL.len()].id(),
            );
        }
        for (i, v) in self.overrides.iter().take(6) {
            s[scenario_field(*i)] = v.value(0);
        }
        s
    }
}
