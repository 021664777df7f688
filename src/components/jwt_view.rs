use yew::prelude::*;

use crate::logic::jwt::{Claim, DecodedJwt};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub jwt: DecodedJwt,
}

fn claim_row(name: &'static str, claim: &Option<Claim>, warn_if_past: bool) -> Html {
    let Some(c) = claim else {
        return html! {};
    };
    let flagged = warn_if_past && c.past;
    html! {
        <div class={classes!("claim", flagged.then_some("flagged"))}>
            <dt>{ name }</dt>
            <dd>
                <code>{ c.secs }</code>{ " = " }<code>{ &c.iso }</code>
                if !c.relative.is_empty() {
                    { " · " }
                    <strong>{ if flagged { "⚠ " } else { "" } }{ &c.relative }</strong>
                    { " (simulated clock)" }
                }
            </dd>
        </div>
    }
}

/// A bearer JWT decoded: header, payload, exp against the simulated clock, scopes highlighted.
#[function_component(JwtView)]
pub fn jwt_view(props: &Props) -> Html {
    let jwt = &props.jwt;
    html! {
        <section class="jwt" aria-label="Decoded bearer token">
            <h4>{ "Bearer token (JWT, decoded)" }</h4>
            <dl class="claims">
                { claim_row("exp", &jwt.exp, true) }
                { claim_row("iat", &jwt.iat, false) }
                { claim_row("nbf", &jwt.nbf, false) }
                if !jwt.scopes.is_empty() {
                    <div class="claim">
                        <dt>{ "scope" }</dt>
                        <dd class="scopes">{ for jwt.scopes.iter().map(|s| html! { <mark class="scope">{ s }</mark> }) }</dd>
                    </div>
                }
            </dl>
            <details class="jwt-json">
                <summary>{ "Header and payload (JSON)" }</summary>
                <div class="jwt-parts">
                    <div><h5>{ "Header" }</h5><pre class="mono">{ &jwt.header }</pre></div>
                    <div><h5>{ "Payload" }</h5><pre class="mono">{ &jwt.payload }</pre></div>
                </div>
            </details>
        </section>
    }
}
