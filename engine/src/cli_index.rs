//! `faultline check index.json`: the packs' index, every pack it lists (as `check PACK.json`
//! checks one) and its learning paths' references.

use crate::Res;
use faultline_engine as fe;
use serde_json::Value;

pub fn check(name: &str, index: &Value, load: &dyn Fn(&str) -> Result<Value, String>) -> Res {
    let (read, packs, problems) = fe::pack::check_index(index, load);
    if !problems.is_empty() {
        let out: String = problems.iter().map(|p| format!("{p}\n")).collect();
        return Err((format!("{} problem(s) in {name}", problems.len()), out));
    }
    let mut out = String::new();
    let mut warnings = 0;
    for pack in &packs {
        for w in fe::solvability::warnings(pack) {
            out.push_str(&format!("warning: {}.json: {w}\n", pack.id));
            warnings += 1;
        }
    }
    let paths = read.map_or(0, |i| i.paths.len());
    let scenarios: usize = packs.iter().map(|p| p.scenarios.len()).sum();
    out.push_str(&format!(
        "{name}: ok ({} packs, {scenarios} scenarios, {paths} paths){}\n",
        packs.len(),
        match warnings {
            0 => String::new(),
            n => format!(", {n} warning(s)"),
        }
    ));
    Ok(out)
}
