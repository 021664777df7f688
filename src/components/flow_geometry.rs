//! Where things sit on the stage, in SVG units: the layers left to right where the panel is wide,
//! top to bottom where it is narrow (a phone), so every layer, the failing one too, is on screen
//! without sideways scrolling. Requests ride one lane (above, or on the left), responses and
//! errors the other (below, or on the right).

/// Horizontal: node size, widest and narrowest gap between nodes, side margin, top of the nodes.
/// A node is wide enough for the longest label ("Edge (CDN)", "Integration": about 90 units at
/// the labels' 14 px) with 9 units to spare on each side.
const NODE_W: i32 = 108;
const NODE_H: i32 = 64;
const GAP: i32 = 40;
const MIN_GAP: i32 = 16;
const MARGIN: i32 = 14;
const TOP: i32 = 44;
/// Vertical: node size, gap, left edge of the nodes (room for the request lane and the failing
/// hop's bracket), top, and the drawing's width (room on the right for the badges).
const V_NODE_W: i32 = 140;
const V_NODE_H: i32 = 46;
const V_GAP: i32 = 30;
const V_LEFT: i32 = 30;
const V_TOP: i32 = 8;
const V_WIDTH: i32 = 368;

#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Geometry {
    pub vertical: bool,
    pub count: usize,
    /// Horizontal: the gap between nodes, narrower when the panel is (so nine layers still fit
    /// a laptop's main column left to right).
    pub gap: i32,
}

/// The two lanes a packet rides: requests out, answers back.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Lane {
    Out,
    Back,
}

impl Geometry {
    /// The horizontal drawing's width for `count` layers `gap` apart.
    fn wide_width(count: usize, gap: i32) -> i32 {
        MARGIN * 2 + count as i32 * NODE_W + (count as i32 - 1).max(0) * gap
    }

    /// Left to right with the widest gap that fits; vertical when even the narrowest gap leaves
    /// the panel under three quarters of the drawing (its text would shrink below legibility).
    pub fn for_width(count: usize, available: i32) -> Self {
        let n = count as i32;
        let spare = available - Self::wide_width(count, 0);
        let gap = if n > 1 {
            (spare / (n - 1)).clamp(MIN_GAP, GAP)
        } else {
            GAP
        };
        let vertical = available * 4 < Self::wide_width(count, gap) * 3;
        Geometry {
            vertical,
            count,
            gap,
        }
    }

    /// A stage that scales its drawing up to the panel's width (the presenter): the layers at
    /// the narrowest gap, so the same width draws them, and their labels, larger (nine layers'
    /// labels at least 24 px on a 1080p projector).
    pub fn packed(self) -> Self {
        if self.vertical {
            self
        } else {
            Geometry {
                gap: MIN_GAP,
                ..self
            }
        }
    }

    pub fn size(&self) -> (i32, i32) {
        let n = self.count as i32;
        if self.vertical {
            (V_WIDTH, V_TOP + n * (V_NODE_H + V_GAP) - V_GAP + 24)
        } else {
            (Self::wide_width(self.count, self.gap), TOP + NODE_H + 58)
        }
    }

    /// Top-left corner and size of a node.
    pub fn node(&self, index: usize) -> (i32, i32, i32, i32) {
        let i = index as i32;
        if self.vertical {
            (V_LEFT, V_TOP + i * (V_NODE_H + V_GAP), V_NODE_W, V_NODE_H)
        } else {
            (MARGIN + i * (NODE_W + self.gap), TOP, NODE_W, NODE_H)
        }
    }

    /// The node's centre.
    pub fn center(&self, index: usize) -> (i32, i32) {
        let (x, y, w, h) = self.node(index);
        (x + w / 2, y + h / 2)
    }

    /// Icon (top-left, size) and label (anchor point, text-anchor) inside a node.
    pub fn icon_and_label(&self, index: usize) -> ((i32, i32, i32), (i32, i32, &'static str)) {
        let (x, y, w, h) = self.node(index);
        if self.vertical {
            (
                (x + 9, y + (h - 24) / 2, 24),
                (x + 40, y + h / 2 + 5, "start"),
            )
        } else {
            (
                (x + (w - 26) / 2, y + 8, 26),
                (x + w / 2, y + h - 11, "middle"),
            )
        }
    }

    /// Where a packet rides at a node on a lane.
    pub fn lane(&self, index: usize, lane: Lane) -> (i32, i32) {
        let (x, y, w, h) = self.node(index);
        let (cx, cy) = self.center(index);
        match (self.vertical, lane) {
            (false, Lane::Out) => (cx, y - 8),
            (false, Lane::Back) => (cx, y + h + 8),
            (true, Lane::Out) => (x - 12, cy),
            (true, Lane::Back) => (x + w + 12, cy),
        }
    }

    /// Top-left of a status badge `w` wide, on the answering node's side toward the receiver.
    pub fn badge(&self, from: usize, to: usize, w: i32) -> (i32, i32) {
        let (fx, fy) = self.center(from);
        let toward = (to as i32 - from as i32).signum();
        let (width, _) = self.size();
        if self.vertical {
            let (x, _, nw, _) = self.node(from);
            let left = (x + nw + 16).min(width - w - 2).max(2);
            (left, fy + toward * 15 - 13)
        } else {
            let cx = fx + toward * (NODE_W / 4);
            ((cx - w / 2).clamp(2, (width - w - 2).max(2)), 6)
        }
    }

    /// Badges placed left to right on one row (`(left, width)` each, as `badge` put them) moved
    /// apart just enough that none covers another, kept inside the drawing: two neighbouring
    /// hops' badges on a packed or narrow stage would otherwise overlap. Vertical stages give each
    /// node its own rows and keep theirs.
    pub fn spread_badges(&self, spans: &mut [(i32, i32)]) {
        const SPACE: i32 = 4;
        if self.vertical || spans.is_empty() {
            return;
        }
        let (width, _) = self.size();
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_by_key(|&i| spans[i].0);
        let mut right = i32::MIN;
        for &i in &order {
            let (left, w) = spans[i];
            let left = if right == i32::MIN {
                left
            } else {
                left.max(right + SPACE)
            };
            spans[i].0 = left;
            right = left + w;
        }
        // Pushed past the right edge: pull back from the right, each clear of the next.
        let mut limit = width - 2;
        for &i in order.iter().rev() {
            let (left, w) = spans[i];
            let left = left.min(limit - w).max(2);
            spans[i].0 = left;
            limit = left - SPACE;
        }
    }

    /// Baseline and text-anchor of the "root cause" label: clear of both packet lanes.
    pub fn root_label(&self, index: usize) -> (i32, i32, &'static str) {
        let (x, y, w, h) = self.node(index);
        if self.vertical {
            (x + 26, y + h + 18, "start")
        } else {
            (x + w / 2, y + h + 44, "middle")
        }
    }

    /// The failing hop, drawn as an arc between the two nodes' centres (below them, or to their
    /// left), under the nodes.
    pub fn failing_path(&self, a: usize, b: usize) -> String {
        let ((ax, ay), (bx, by)) = (self.center(a), self.center(b));
        if self.vertical {
            let (top, bottom) = (ay.min(by), ay.max(by).max(ay.min(by) + 1));
            let edge = V_LEFT + 4;
            let bulge = V_LEFT - 26;
            format!("M {edge} {top} C {bulge} {top} {bulge} {bottom} {edge} {bottom}")
        } else {
            let (lo, hi) = (ax.min(bx), ax.max(bx).max(ax.min(bx) + 1));
            let low = ay + NODE_H / 2 + 30;
            format!("M {lo} {ay} C {lo} {low} {hi} {low} {hi} {ay}")
        }
    }

    /// The wire every layer hangs on: through the node centres (vertical: under the icons, so
    /// the "root cause" label in the gap does not cross it).
    pub fn wire(&self) -> ((i32, i32), (i32, i32)) {
        let last = self.count.saturating_sub(1);
        if self.vertical {
            let x = V_LEFT + 14;
            ((x, self.center(0).1), (x, self.center(last).1))
        } else {
            (self.center(0), self.center(last))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_panels_stack_the_layers() {
        assert!(!Geometry::for_width(8, 1300).vertical);
        assert!(Geometry::for_width(8, 320).vertical);
        // Nine layers in a laptop's main column: left to right, closer together.
        let laptop = Geometry::for_width(9, 930);
        assert!(!laptop.vertical && laptop.gap < GAP);
        assert_eq!(Geometry::for_width(8, 1800).gap, GAP);
        // A phone-width drawing needs no sideways scroll at 360 px (about 316 px of panel).
        let g = Geometry::for_width(8, 316);
        assert!(g.size().0 < 400);
    }

    #[test]
    fn neighbouring_badges_never_overlap() {
        // Three layers on a phone and on the presenter's packed stage: the answers of both hops
        // ("✓ 200 ×2 · 339 ms" is about 150 units) sit side by side.
        for g in [
            Geometry::for_width(3, 316),
            Geometry::for_width(3, 1800).packed(),
        ] {
            let w = 150;
            let mut spans = vec![g.badge(1, 0, w), g.badge(2, 1, w)]
                .into_iter()
                .map(|(left, _)| (left, w))
                .collect::<Vec<_>>();
            assert!(spans[0].0 + w > spans[1].0, "they would overlap unspread");
            g.spread_badges(&mut spans);
            assert!(spans[0].0 + w + 4 <= spans[1].0, "{spans:?}");
            let (width, _) = g.size();
            assert!(
                spans.iter().all(|&(l, w)| l >= 2 && l + w <= width - 2),
                "{spans:?}"
            );
        }
    }

    #[test]
    fn a_packed_stage_draws_nine_layers_large_enough_for_a_projector() {
        // The presenter's panel at 1920 px is about 1840 px wide; its labels are 15 units.
        let wide = Geometry::for_width(9, 1840);
        let packed = wide.packed();
        assert_eq!(packed.gap, MIN_GAP);
        let scale = 1840.0 / f64::from(packed.size().0);
        assert!(15.0 * scale >= 24.0, "labels {:.1} px", 15.0 * scale);
        assert!(15.0 * 1840.0 / f64::from(wide.size().0) < 24.0);
        // A phone's vertical stage stays as it is.
        let phone = Geometry::for_width(8, 316);
        assert_eq!(phone.packed(), phone);
    }

    #[test]
    fn badges_and_labels_stay_inside_the_drawing() {
        for vertical in [false, true] {
            let g = Geometry {
                vertical,
                count: 9,
                gap: MIN_GAP,
            };
            let (w, h) = g.size();
            for i in 0usize..9 {
                for j in [i.saturating_sub(1), (i + 1).min(8)] {
                    let (x, y) = g.badge(i, j, 150);
                    assert!(
                        x >= 0 && x + 150 <= w && y >= 0 && y + 26 <= h,
                        "{vertical} {i}->{j}"
                    );
                }
                let (_, y, _) = g.root_label(i);
                assert!(y <= h, "root label inside ({vertical}, {i})");
            }
        }
    }

    #[test]
    fn the_root_label_is_clear_of_both_packet_lanes() {
        for vertical in [false, true] {
            let g = Geometry {
                vertical,
                count: 8,
                gap: GAP,
            };
            for i in 0..8 {
                let (lx, ly, _) = g.root_label(i);
                for lane in [Lane::Out, Lane::Back] {
                    let (px, py) = g.lane(i, lane);
                    // 13 px text above its baseline, a packet of radius 9.
                    let apart = if vertical {
                        (px - lx).abs() > 12 || py + 9 < ly - 13
                    } else {
                        py + 9 < ly - 13
                    };
                    assert!(apart, "{vertical} node {i} {lane:?}");
                }
            }
        }
    }
}
