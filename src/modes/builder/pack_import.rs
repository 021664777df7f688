use faultline_engine::Problem;
use serde_json::Value;
use yew::prelude::*;

use crate::dom;
use crate::modes::packs;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The file's name and the pack read from it, to be stored even when it has problems (so
    /// nothing is lost); the page that stores it says where it went.
    pub on_pack: Callback<(String, Value)>,
}

/// Import a pack JSON file: every problem is named as `path: message`, like `faultline check`.
#[function_component(PackImport)]
pub fn pack_import(props: &Props) -> Html {
    let report = use_state(|| None::<(String, bool, Vec<Problem>)>);
    let onchange = {
        let (report, on_pack) = (report.clone(), props.on_pack.clone());
        let done = Callback::from(
            move |(name, text): (String, Result<String, String>)| match text {
                Ok(text) => {
                    let got = packs::import(&text);
                    let stored = got.pack.is_some();
                    if let Some(pack) = got.pack {
                        on_pack.emit((name.clone(), pack));
                    }
                    report.set(Some((name, stored, got.problems)));
                }
                Err(e) => report.set(Some((
                    name,
                    false,
                    vec![Problem {
                        path: "$".into(),
                        message: e,
                    }],
                ))),
            },
        );
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            dom::read_chosen_file(&input, done.clone());
        })
    };
    html! {
        <div class="pack-import">
            <label class="button file-button">
                { "Import a pack (.json)…" }
                <input type="file" accept=".json,application/json" class="visually-hidden"
                    aria-label="Import a pack file" {onchange} />
            </label>
            if let Some((name, stored, problems)) = &*report {
                <div class="import-report" role="status">
                    if problems.is_empty() {
                        <p class="message ok">{ format!("✓ {name}: no problems.") }</p>
                    } else {
                        <p class="message bad">
                            { format!("⚠ {name}: {} problem(s).", problems.len()) }
                            { if *stored { " The pack is kept as it is, so you can fix it." } else { " Nothing was stored." } }
                        </p>
                        <ul class="problem-list">
                            { for problems.iter().map(|p| html! { <li class="mono">{ p.to_string() }</li> }) }
                        </ul>
                    }
                </div>
            }
        </div>
    }
}
