use yew::prelude::*;

use super::{status_class, status_icon};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// `None` = no HTTP response.
    pub status: Option<u16>,
    #[prop_or_default]
    pub text: Option<AttrValue>,
}

/// Status pill: colour, icon and text, so it reads without colour too.
#[function_component(StatusBadge)]
pub fn status_badge(props: &Props) -> Html {
    let class = classes!("status-badge", format!("st-{}", status_class(props.status)));
    let text = props.text.clone().unwrap_or_else(|| match props.status {
        Some(code) => code.to_string().into(),
        None => "no response".into(),
    });
    html! {
        <span {class}>
            <span class="st-icon" aria-hidden="true">{ status_icon(props.status) }</span>
            { text }
        </span>
    }
}
