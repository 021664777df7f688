//! How each layer kind looks on the stage (the request-flow diagram): its short label and a
//! small line icon (SVG path data on a 24×24 grid, stroked in the node's colour). Adding a layer
//! kind to the stage is one line in `look`.

use faultline_engine::Layer;

/// A layer's label and icon path.
pub struct Look {
    pub label: &'static str,
    pub icon: &'static str,
}

const LAPTOP: &str = "M5 5h14v10H5zM2 19h20";
const SIGNPOST: &str = "M12 21V3M5 5h12l3 3-3 3H5zM19 13H7l-3 3 3 3h12z";
const WALL: &str = "M3 5h18v14H3zM3 9.7h18M3 14.3h18M9 5v4.7M15 5v4.7M6 9.7v4.6M12 9.7v4.6M18 9.7v4.6M9 14.3V19M15 14.3V19";
const PADLOCK: &str = "M5 11h14v10H5zM8 11V7.5a4 4 0 0 1 8 0V11M12 15v2.5";
const GATE: &str = "M3 21V9l9-6 9 6v12M7 21v-8h10v8M10 17h4";
const PERSON: &str = "M12 12a4 4 0 1 0 0-8 4 4 0 1 0 0 8zM4 21c0-4.5 3.6-6.5 8-6.5s8 2 8 6.5";
const SERVER: &str = "M4 4h16v6H4zM4 14h16v6H4zM7.5 7h.1M7.5 17h.1M11 7h6M11 17h6";
const CYLINDER: &str =
    "M4 6c0-3.5 16-3.5 16 0v12c0 3.5-16 3.5-16 0zM4 6c0 3.5 16 3.5 16 0M4 12c0 3.5 16 3.5 16 0";
const LINK: &str = "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1";
const CLOUD: &str = "M7 19a4.5 4.5 0 0 1-.6-9A6 6 0 0 1 17.8 9 5 5 0 0 1 17.5 19z";
const INBOX: &str = "M3 13l3-8h12l3 8v6H3zM3 13h5l1.5 3h5l1.5-3h5";
const BOLT: &str = "M13 2 4 14h7l-1 8 9-12h-7z";
const GLOBE: &str =
    "M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18zM3 12h18M12 3c3.5 3 3.5 15 0 18M12 3c-3.5 3-3.5 15 0 18";

/// The look of a layer on the stage: one line per layer kind.
pub fn look(layer: Layer) -> Look {
    let (label, icon) = match layer {
        Layer::Client => ("Client", LAPTOP),
        Layer::Dns => ("DNS", SIGNPOST),
        Layer::Network => ("Network", WALL),
        Layer::Tls => ("TLS", PADLOCK),
        Layer::Gateway => ("Gateway", GATE),
        Layer::Auth => ("Auth", PERSON),
        Layer::Backend => ("Backend", SERVER),
        Layer::Database => ("Database", CYLINDER),
        Layer::Integration => ("Integration", LINK),
        Layer::Crm => ("CRM", CLOUD),
        Layer::Webhook => ("Webhook", INBOX),
        Layer::Realtime => ("Realtime", BOLT),
        Layer::Edge => ("Edge (CDN)", GLOBE),
    };
    Look { label, icon }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layer_has_its_own_label_and_icon() {
        let looks: Vec<Look> = Layer::ALL.iter().map(|l| look(*l)).collect();
        for (i, a) in looks.iter().enumerate() {
            assert!(!a.label.is_empty() && a.icon.starts_with('M'));
            for b in &looks[i + 1..] {
                assert_ne!(a.label, b.label);
                assert_ne!(a.icon, b.icon, "{} and {} share an icon", a.label, b.label);
            }
        }
    }
}
