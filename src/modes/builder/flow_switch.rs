//! A scenario's flow changes: a fault that cannot happen in the new flow goes with it (and its
//! parameters), so the form never keeps a fault the flow lacks, shown as a bare id. The form says
//! what was dropped (`dropped`).

use faultline_engine::faults;

use super::draft::ScenarioDraft;

/// The title of the scenario's fault when `flow` lacks it (what a switch to `flow` drops).
pub fn dropped(s: &ScenarioDraft, flow: &str) -> Option<String> {
    let all = faults();
    let fault = all.iter().find(|f| f.id == s.fault)?;
    (!fault.flows.iter().any(|f| f.id() == flow)).then(|| fault.title.clone())
}

/// Sets the flow, dropping what the new flow cannot have.
pub fn switch(s: &mut ScenarioDraft, flow: String) {
    if dropped(s, &flow).is_some() {
        s.fault.clear();
        s.params.clear();
    }
    s.flow = flow;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modes::builder::draft::Field;
    use faultline_engine::flows;

    #[test]
    fn a_fault_the_new_flow_lacks_is_dropped_and_named() {
        let all = faults();
        let api_only = all
            .iter()
            .find(|f| f.flows.len() == 1 && !f.params.is_empty())
            .expect("a fault of one flow, with parameters");
        let other = flows()
            .into_iter()
            .find(|f| f.id != api_only.flows[0])
            .expect("another flow");
        let mut s = ScenarioDraft {
            flow: api_only.flows[0].id().to_string(),
            ..ScenarioDraft::default()
        };
        s.set(&Field::Fault, api_only.id.clone());
        s.set(&Field::Param(api_only.params[0].name.clone()), "1".into());
        assert_eq!(
            dropped(&s, api_only.flows[0].id()),
            None,
            "its own flow keeps it"
        );
        assert_eq!(dropped(&s, other.id.id()), Some(api_only.title.clone()));
        s.set(&Field::Flow, other.id.id().to_string());
        assert_eq!(s.flow, other.id.id());
        assert!(
            s.fault.is_empty() && s.params.is_empty(),
            "fault and parameters dropped"
        );
    }
}
