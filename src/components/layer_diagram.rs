use yew::prelude::*;

/// Layers of one healthy `api-call`, left to right as the request travels.
const LAYERS: [(&str, &str); 8] = [
    ("client", "Client"),
    ("dns", "DNS"),
    ("network", "Network"),
    ("tls", "TLS"),
    ("gateway", "Gateway"),
    ("auth", "Auth"),
    ("backend", "Backend"),
    ("database", "Database"),
];

const NODE_WIDTH: i32 = 92;
const NODE_HEIGHT: i32 = 48;
const GAP: i32 = 28;
const MARGIN: i32 = 8;

#[function_component(LayerDiagram)]
pub fn layer_diagram() -> Html {
    let count = LAYERS.len() as i32;
    let width = MARGIN * 2 + count * NODE_WIDTH + (count - 1) * GAP;
    let height = MARGIN * 2 + NODE_HEIGHT + 24;
    let nodes = LAYERS.iter().enumerate().map(|(index, (id, label))| {
        let x = MARGIN + index as i32 * (NODE_WIDTH + GAP);
        let arrow = (index + 1 < LAYERS.len()).then(|| {
            let start = x + NODE_WIDTH;
            let y = MARGIN + NODE_HEIGHT / 2;
            html! {
                <line class="hop" x1={(start + 2).to_string()} y1={y.to_string()}
                    x2={(start + GAP - 4).to_string()} y2={y.to_string()}
                    marker-end="url(#arrowhead)" />
            }
        });
        html! {
            <g class="layer-node" data-layer={*id}>
                <rect x={x.to_string()} y={MARGIN.to_string()} width={NODE_WIDTH.to_string()}
                    height={NODE_HEIGHT.to_string()} rx="8" />
                <text x={(x + NODE_WIDTH / 2).to_string()} y={(MARGIN + NODE_HEIGHT / 2 + 5).to_string()}
                    text-anchor="middle">{ *label }</text>
                { for arrow }
            </g>
        }
    });
    html! {
        <figure class="layer-diagram">
            <svg viewBox={format!("0 0 {width} {height}")} role="img"
                aria-labelledby="diagram-title">
                <title id="diagram-title">
                    { "Request path: client, DNS, network, TLS, gateway, auth, backend, database" }
                </title>
                <defs>
                    <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5"
                        markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                </defs>
                { for nodes }
            </svg>
        </figure>
    }
}
