//! `#/sandbox`: break any layer of any flow and compare the healthy and broken runs. This file:
//! the plain setup logic behind the page.
//!
//! The break-it sandbox's setup: flow, layer, fault, typed parameters and seed.

pub mod fault_params;
pub mod layer_picker;
pub mod page;
pub mod trace_compare;

use std::collections::BTreeMap;

use faultline_engine::{CallSpec, FaultInfo, FaultSpec, Flow, FlowInfo, Layer, RunSpec};
use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq)]
pub struct Setup {
    pub flow: String,
    pub layer: Option<Layer>,
    pub fault: String,
    /// Raw text per parameter; filled with the fault's defaults when the fault is chosen.
    pub params: BTreeMap<String, String>,
    pub seed: String,
}

/// Faults of `layer` that apply to `flow`, in catalogue order.
pub fn applicable(faults: &[FaultInfo], flow: &str, layer: Layer) -> Vec<FaultInfo> {
    faults
        .iter()
        .filter(|f| f.layer == layer && f.flows.iter().any(|x| x == flow))
        .cloned()
        .collect()
}

/// The flow's layers with how many faults each can take.
pub fn breakable_layers(faults: &[FaultInfo], flow: &FlowInfo) -> Vec<(Layer, usize)> {
    let mut layers: Vec<Layer> = flow.layers.clone();
    for f in faults {
        if f.flows.contains(&flow.id) && !layers.contains(&f.layer) {
            layers.push(f.layer);
        }
    }
    // The CDN's edge, where the flow can have one, sits in front of the gateway as it does in
    // the diagram of a run that has it.
    if let Some(at) = layers.iter().position(|l| *l == Layer::Edge) {
        let edge = layers.remove(at);
        let gw = layers
            .iter()
            .position(|l| *l == Layer::Gateway)
            .unwrap_or(layers.len());
        layers.insert(gw, edge);
    }
    layers
        .into_iter()
        .map(|l| (l, applicable(faults, flow.id.id(), l).len()))
        .collect()
}

/// The request the healthy run sends when the fault changes the request itself: the compare must
/// show what the client should have sent (POST /v2/chats), not the flow's usual call (a GET), or
/// a wrong-method run reads as "GET in both runs".
pub fn intended_call(fault: &str, flow: &str) -> Option<CallSpec> {
    let takes = Flow::parse(flow).is_some_and(|f| f.methods().contains(&"POST"));
    let changes_call = matches!(
        fault,
        "wrong-method" | "malformed-json" | "missing-required-field"
    );
    (takes && changes_call).then(|| CallSpec {
        method: "POST".into(),
        path: "/v2/chats".into(),
    })
}

/// A parameter's default as the text an input shows.
pub fn default_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Setup {
    pub fn new(faults: &[FaultInfo], flows: &[FlowInfo]) -> Setup {
        let flow = flows.first().map_or(Flow::ApiCall, |f| f.id).to_string();
        let mut s = Setup {
            flow,
            layer: None,
            fault: String::new(),
            params: BTreeMap::new(),
            seed: "7".into(),
        };
        let first = flows.first().and_then(|f| {
            breakable_layers(faults, f)
                .into_iter()
                .find(|(_, n)| *n > 0)
        });
        if let Some((layer, _)) = first {
            s.pick_layer(faults, layer);
        }
        s
    }

    pub fn pick_flow(&mut self, faults: &[FaultInfo], flow: &str) {
        self.flow = flow.to_string();
        let layer = self.layer;
        match layer {
            Some(l) if !applicable(faults, flow, l).is_empty() => self.pick_layer(faults, l),
            _ => {
                self.layer = None;
                self.fault.clear();
                self.params.clear();
            }
        }
    }

    pub fn pick_layer(&mut self, faults: &[FaultInfo], layer: Layer) {
        self.layer = Some(layer);
        let options = applicable(faults, &self.flow, layer);
        if !options.iter().any(|f| f.id == self.fault) {
            match options.first() {
                Some(f) => self.pick_fault(f),
                None => {
                    self.fault.clear();
                    self.params.clear();
                }
            }
        }
    }

    pub fn pick_fault(&mut self, fault: &FaultInfo) {
        self.fault = fault.id.clone();
        self.params = fault
            .params
            .iter()
            .map(|p| (p.name.clone(), default_text(&p.default)))
            .collect();
    }

    pub fn seed(&self) -> Result<u64, String> {
        self.seed
            .trim()
            .parse()
            .map_err(|_| "The seed must be a whole number, 0 or more.".to_string())
    }

    /// Healthy (no fault) and broken runs for this setup.
    pub fn runs(&self, faults: &[FaultInfo]) -> Result<(RunSpec, RunSpec), String> {
        let seed = self.seed()?;
        let info = faults
            .iter()
            .find(|f| f.id == self.fault)
            .ok_or("Pick a layer and a fault to break it.")?;
        let mut spec = FaultSpec::new(&info.id);
        for p in &info.params {
            let raw = self.params.get(&p.name).map(|s| s.trim()).unwrap_or("");
            if raw.is_empty() {
                continue;
            }
            let value = if p.kind == "int" {
                json!(raw.parse::<i64>().map_err(|_| format!(
                    "{} must be a whole number.",
                    fault_params::words(&p.name)
                ))?)
            } else {
                json!(raw)
            };
            spec.params.insert(p.name.clone(), value);
        }
        let healthy = RunSpec {
            flow: Some(self.flow.clone()),
            faults: vec![],
            seed,
            call: intended_call(&self.fault, &self.flow),
            client: None,
        };
        // The broken run lets the fault pick its request (a chosen call would be the wrong one).
        let broken = RunSpec {
            faults: vec![spec],
            call: None,
            ..healthy.clone()
        };
        Ok((healthy, broken))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use faultline_engine::{faults, flows, simulate};

    #[test]
    fn every_flow_has_a_breakable_layer_and_every_pick_runs() {
        let (faults, flows) = (faults(), flows());
        for flow in &flows {
            let mut s = Setup::new(&faults, &flows);
            s.pick_flow(&faults, flow.id.id());
            let layers = breakable_layers(&faults, flow);
            assert!(layers.iter().any(|(_, n)| *n > 0), "{}", flow.id);
            for (layer, n) in layers.into_iter().filter(|(_, n)| *n > 0) {
                s.pick_layer(&faults, layer);
                assert_eq!(applicable(&faults, flow.id.id(), layer).len(), n);
                let (healthy, broken) = s.runs(&faults).unwrap();
                simulate(&healthy).unwrap();
                simulate(&broken).unwrap_or_else(|e| panic!("{} {}: {e}", flow.id, s.fault));
            }
        }
    }

    #[test]
    fn a_wrong_method_compare_shows_the_right_method_beside_the_wrong_one() {
        let (faults, flows) = (faults(), flows());
        let mut s = Setup::new(&faults, &flows);
        let fault = faults.iter().find(|f| f.id == "wrong-method").unwrap();
        s.pick_flow(&faults, fault.flows[0].id());
        s.pick_layer(&faults, fault.layer);
        s.pick_fault(fault);
        let (healthy, broken) = s.runs(&faults).unwrap();
        let method = |spec: &RunSpec| {
            let t = simulate(spec).unwrap();
            let x = &t.evidence.exchanges[0];
            (
                x.request.method.clone(),
                x.response.as_ref().map(|r| r.status),
            )
        };
        let (good, bad) = (method(&healthy), method(&broken));
        assert_eq!(bad.1, Some(405), "the broken run is refused");
        assert_ne!(
            good.0, bad.0,
            "the runs differ in their method: {good:?} {bad:?}"
        );
        assert!(
            good.1.is_some_and(|s| s < 400),
            "the healthy run succeeds: {good:?}"
        );
    }

    #[test]
    fn params_are_typed_and_checked() {
        let (faults, flows) = (faults(), flows());
        let mut s = Setup::new(&faults, &flows);
        let token = faults.iter().find(|f| f.id == "expired-token").unwrap();
        s.pick_layer(&faults, token.layer);
        s.pick_fault(token);
        assert_eq!(s.params["minutes_ago"], "42");
        s.params.insert("minutes_ago".into(), "5".into());
        let (_, broken) = s.runs(&faults).unwrap();
        assert_eq!(broken.faults[0].params["minutes_ago"], json!(5));
        s.params.insert("minutes_ago".into(), "soon".into());
        assert!(s.runs(&faults).unwrap_err().contains("whole number"));
        s.params.insert("minutes_ago".into(), "5".into());
        s.seed = "-1".into();
        assert!(s.runs(&faults).unwrap_err().contains("seed"));
    }
}
