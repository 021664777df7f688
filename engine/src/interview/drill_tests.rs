use super::drill::{self, cards, check, find_card, question, DrillProgress, BOX_INTERVALS};
use super::mock::{mock_plan, MockItem, MOCK_LENGTH};
use super::{find, walk};
use crate::model::Layer;
use std::collections::BTreeSet;

#[test]
fn cards_have_unique_ids_links_that_exist_and_at_least_forty_artefacts() {
    let reference: serde_json::Value =
        serde_json::from_str(include_str!("../../../assets/reference/reference.json")).unwrap();
    let ids: Vec<&str> = reference["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let mut seen = BTreeSet::new();
    for c in cards() {
        assert!(seen.insert(c.id), "{} twice", c.id);
        assert!(
            ids.contains(&c.reference),
            "{}: unknown reference entry {}",
            c.id,
            c.reference
        );
        assert!(!c.layers.is_empty(), "{} points to no layer", c.id);
    }
    assert!(cards().len() >= 40, "{} cards", cards().len());
    // The drill covers what the issue names: status codes, curl, browser, runtime errors, nginx
    // lines, TLS alerts.
    let sources: BTreeSet<&str> = cards().iter().map(|c| c.source.label()).collect();
    for s in [
        "HTTP response",
        "curl",
        "Browser console",
        "Node.js",
        "Java",
        "nginx error log",
    ] {
        assert!(sources.contains(s), "no {s} card");
    }
}

#[test]
fn one_concept_has_one_meaning_and_no_two_concepts_share_one() {
    let mut by_meaning = std::collections::BTreeMap::new();
    for c in cards() {
        if let Some(other) = by_meaning.insert(c.meaning, c.concept) {
            assert_eq!(other, c.concept, "\"{}\" names two concepts", c.meaning);
        }
    }
}

#[test]
fn every_question_offers_its_meaning_once_among_distinct_choices_of_other_concepts() {
    for seed in 0..20 {
        for c in cards() {
            let q = question(c, seed);
            assert_eq!(q.meanings.len(), drill::MEANING_CHOICES);
            assert_eq!(
                q.meanings.iter().filter(|m| *m == c.meaning).count(),
                1,
                "{}",
                c.id
            );
            let distinct: BTreeSet<&String> = q.meanings.iter().collect();
            assert_eq!(
                distinct.len(),
                q.meanings.len(),
                "{}: repeated choice",
                c.id
            );
            for m in q.meanings.iter().filter(|m| *m != c.meaning) {
                let owner = cards().iter().find(|o| o.meaning == m).unwrap();
                assert_ne!(
                    owner.concept, c.concept,
                    "{}: a synonym offered as wrong",
                    c.id
                );
            }
            assert_eq!(
                q.layers,
                Layer::ALL.to_vec(),
                "layers keep their diagram order"
            );
        }
    }
}

#[test]
fn the_right_meaning_is_not_always_in_the_same_place() {
    let positions: BTreeSet<usize> = cards()
        .iter()
        .map(|c| {
            question(c, 7)
                .meanings
                .iter()
                .position(|m| m == c.meaning)
                .unwrap()
        })
        .collect();
    assert_eq!(positions.len(), drill::MEANING_CHOICES, "{positions:?}");
}

#[test]
fn wrong_meanings_come_from_the_same_layer_when_there_are_enough() {
    let c = find_card("curl-60-expired").unwrap();
    let q = question(c, 3);
    for m in &q.meanings {
        let owner = cards().iter().find(|o| o.meaning == m).unwrap();
        assert!(
            owner.layers.contains(&Layer::Tls),
            "{} is not a TLS meaning",
            owner.id
        );
    }
}

#[test]
fn the_same_seed_asks_the_same_question() {
    let c = find_card("nginx-504-timeout").unwrap();
    assert_eq!(question(c, 42), question(c, 42));
}

#[test]
fn a_verdict_needs_both_the_layer_and_the_meaning() {
    let c = find_card("http-429-ratelimit").unwrap();
    assert!(check(c, Layer::Gateway, c.meaning).right());
    assert!(
        check(c, Layer::Client, c.meaning).right(),
        "a second accepted layer"
    );
    let wrong_layer = check(c, Layer::Backend, c.meaning);
    assert!(!wrong_layer.right() && wrong_layer.meaning_right && !wrong_layer.layer_right);
    let wrong_meaning = check(c, Layer::Gateway, "The service is down on purpose");
    assert!(!wrong_meaning.right() && wrong_meaning.layer_right);
    assert_eq!(wrong_meaning.reference, "status-429");
}

#[test]
fn a_hit_spaces_a_card_out_and_a_miss_brings_it_back_today() {
    let mut p = DrillProgress::default();
    p.record("curl-6", true, 100);
    assert_eq!(p.cards["curl-6"].level, 2);
    assert_eq!(p.cards["curl-6"].due, 100 + BOX_INTERVALS[1]);
    for day in [101, 104, 111, 125] {
        p.record("curl-6", true, day);
    }
    assert_eq!(p.cards["curl-6"].level, 5, "the last box holds");
    p.record("curl-6", true, 140);
    assert_eq!(p.cards["curl-6"].level, 5);
    assert_eq!(p.cards["curl-6"].due, 140 + BOX_INTERVALS[4]);
    p.record("curl-6", false, 150);
    assert_eq!(p.cards["curl-6"].level, 1);
    assert_eq!(p.cards["curl-6"].due, 150, "a miss is due again at once");
    assert_eq!((p.cards["curl-6"].seen, p.cards["curl-6"].missed), (7, 1));
}

#[test]
fn a_round_puts_missed_cards_first_then_new_ones_and_says_when_more_are_due() {
    let mut p = DrillProgress::default();
    p.record("curl-6", true, 10); // due on 11
    p.record("nginx-504-timeout", false, 10); // due on 10, box 1
    p.record("java-pkix", true, 8); // due on 9, box 2
    let round = p.round(10, 5, 1);
    assert_eq!(round.cards[0], "nginx-504-timeout", "the missed card first");
    assert_eq!(round.cards[1], "java-pkix");
    assert_eq!((round.due, round.new), (2, 3));
    assert!(!round.cards.contains(&"curl-6".to_string()), "not due yet");
    assert_eq!(round.next_due, Some(11));
    // Everything seen and nothing due: an empty round that says when to come back.
    let mut all = DrillProgress::default();
    for c in cards() {
        all.record(c.id, true, 10);
    }
    let rest = all.round(10, 5, 1);
    assert!(rest.cards.is_empty());
    assert_eq!(rest.next_due, Some(11));
    assert_eq!(all.round(11, 5, 1).cards.len(), 5);
}

#[test]
fn new_cards_come_in_a_seeded_order() {
    let p = DrillProgress::default();
    assert_eq!(p.round(0, 10, 5), p.round(0, 10, 5));
    assert_ne!(p.round(0, 10, 5).cards, p.round(0, 10, 6).cards);
}

#[test]
fn the_weakest_cards_are_the_most_missed() {
    let mut p = DrillProgress::default();
    p.record("curl-6", false, 1);
    p.record("curl-6", false, 1);
    p.record("java-pkix", false, 1);
    p.record("node-altname", true, 1);
    let weak: Vec<&str> = p.weakest(5).iter().map(|c| c.id).collect();
    assert_eq!(weak, ["curl-6", "java-pkix"]);
}

#[test]
fn import_keeps_the_fuller_history_per_card_and_cards_it_does_not_know() {
    let mut ours = DrillProgress::default();
    ours.record("curl-6", true, 1);
    ours.record("curl-6", true, 2);
    ours.record("java-pkix", true, 1);
    let mut theirs = DrillProgress::default();
    theirs.record("curl-6", false, 5);
    for day in 1..4 {
        theirs.record("java-pkix", false, day);
    }
    theirs.record("card-from-a-newer-build", true, 1);
    ours.merge(&theirs);
    assert_eq!(ours.cards["curl-6"].seen, 2, "ours has seen more");
    assert_eq!(ours.cards["java-pkix"].seen, 3, "theirs has seen more");
    assert!(ours.cards.contains_key("card-from-a-newer-build"));
}

#[test]
fn a_damaged_state_is_repaired_not_trusted() {
    let p: DrillProgress = serde_json::from_str(
        r#"{"cards":{"curl-6":{"level":0,"due":3,"seen":1,"missed":9},"java-pkix":{"level":200,"due":1,"seen":0,"missed":0}}}"#,
    )
    .unwrap();
    let mut p = p.normalised();
    assert_eq!(p.cards["curl-6"].level, 1);
    assert_eq!(p.cards["curl-6"].missed, 1);
    assert_eq!(p.cards["java-pkix"].level, 5);
    // Counters saturate instead of wrapping.
    p.cards.get_mut("curl-6").unwrap().seen = u32::MAX;
    p.record("curl-6", true, i64::MAX);
    assert_eq!(p.cards["curl-6"].seen, u32::MAX);
}

#[test]
fn a_mock_interview_mixes_the_three_kinds_and_every_item_exists() {
    for seed in 0..200 {
        let plan = mock_plan(seed);
        assert_eq!(plan.len(), MOCK_LENGTH);
        let mut explain_topics = vec![];
        let mut card_layers = vec![];
        for item in &plan {
            match item {
                MockItem::Explain(id) => explain_topics.push(find(id).unwrap().topic),
                MockItem::Walk(id) => assert!(walk::find_walkthrough(id).is_some()),
                MockItem::Recognise(id) => card_layers.push(find_card(id).unwrap().layers),
            }
        }
        assert_eq!(explain_topics.len(), 2);
        assert_ne!(explain_topics[0], explain_topics[1], "two topics");
        assert_eq!(card_layers.len(), 2);
        assert!(
            !card_layers[0].iter().any(|l| card_layers[1].contains(l)),
            "two layers"
        );
        assert_eq!(plan, mock_plan(seed));
    }
    let firsts: BTreeSet<String> = (0..50).map(|s| format!("{:?}", mock_plan(s)[0])).collect();
    assert!(firsts.len() > 5, "the order varies with the seed");
}
