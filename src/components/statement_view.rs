use yew::prelude::*;

use super::copy_curl::CopyButton;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: AttrValue,
}

/// The finished diagnosis statement, with a button that copies it for a ticket or a chat.
#[function_component(StatementView)]
pub fn statement_view(props: &Props) -> Html {
    html! {
        <>
            <blockquote class="statement">{ super::url_breaks(&props.text) }</blockquote>
            <p class="statement-copy"><CopyButton text={props.text.clone()} label="Copy the statement" /></p>
        </>
    }
}
