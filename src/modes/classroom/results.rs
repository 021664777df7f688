//! The trainer's results: pasted result codes checked line by line, then one table row per
//! student and puzzle, a summary per question (who got it first try, the common wrong answers)
//! and the same rows as CSV. Plain logic; the puzzles are rebuilt from their seeds to name the
//! questions and the choices.

use std::collections::BTreeMap;

use faultline_engine::Puzzle;

use super::result_code::{decode, Outcome, Session, StudentResult};
use super::session::Source;
use super::session_puzzles::Puzzles;

/// A line that was not taken, and why, for the trainer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineProblem {
    /// 1-based line of the pasted text.
    pub line: usize,
    pub message: String,
}

impl LineProblem {
    pub fn sentence(&self) -> String {
        format!("Line {}: {}.", self.line, self.message)
    }
}

/// Reads pasted text, one code per line (blank lines skipped). Codes already in `known` and
/// repeated lines are skipped quietly; every other unreadable line is a problem.
pub fn read_pasted(
    session: &Session,
    text: &str,
    known: &[String],
) -> (Vec<String>, Vec<LineProblem>) {
    let mut taken: Vec<String> = vec![];
    let mut problems = vec![];
    for (i, line) in text.lines().enumerate() {
        let code: String = line.split_whitespace().collect();
        if code.is_empty() || known.contains(&code) || taken.contains(&code) {
            continue;
        }
        match decode(session, &code) {
            Ok(_) => taken.push(code),
            Err(e) => problems.push(LineProblem {
                line: i + 1,
                message: e.to_string(),
            }),
        }
    }
    (taken, problems)
}

/// Decodes stored codes; one that no longer reads is reported, not dropped (the caller keeps it).
pub fn decode_all(session: &Session, codes: &[String]) -> (Vec<StudentResult>, Vec<String>) {
    let mut results: Vec<StudentResult> = vec![];
    let mut unreadable = vec![];
    for code in codes {
        match decode(session, code) {
            Ok(r) => {
                // A student who sent a second code: the later one counts.
                results.retain(|old| old.name.to_lowercase() != r.name.to_lowercase());
                results.push(r);
            }
            Err(_) => unreadable.push(code.clone()),
        }
    }
    (results, unreadable)
}

/// A column heading for a question id.
pub fn question_heading(id: &str) -> String {
    match id {
        "layer" => "Layer".into(),
        "cause" => "Cause".into(),
        "action" => "Next action".into(),
        "owner" => "Owner".into(),
        other => {
            let mut chars = other.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        }
    }
}

/// `m:ss`.
pub fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    /// 1-based position in the student's session.
    pub puzzle: usize,
    pub seed: u64,
    /// What the puzzle column shows: the seed, or the pack scenario's (path step's) title.
    pub label: String,
    pub solved: bool,
    /// One cell per column of `Table::questions`.
    pub cells: Vec<String>,
    pub score: u32,
    pub max_score: u32,
    pub seconds: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionSummary {
    pub id: String,
    pub heading: String,
    pub answered: usize,
    pub first_try: usize,
    /// Wrong choices by label, most picked first.
    pub common_wrong: Vec<(String, usize)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StudentSummary {
    pub name: String,
    pub solved: usize,
    pub puzzles: usize,
    pub score: u32,
    pub max_score: u32,
    pub seconds: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Table {
    /// The heading of the column that names each puzzle: "Seed" or "Scenario".
    pub puzzle_column: String,
    /// Question ids in the order first seen.
    pub questions: Vec<QuestionSummary>,
    pub rows: Vec<Row>,
    pub students: Vec<StudentSummary>,
}

fn cell(answer: Option<&super::result_code::QuestionAnswer>, labels: &[String]) -> String {
    let Some(a) = answer else {
        return "not reached".into();
    };
    let wrong: Vec<&str> = a
        .wrong
        .iter()
        // Action choices are sentences: their full stop would sit before the "; " that joins them.
        .map(|i| {
            labels
                .get(usize::from(*i))
                .map_or("?", |l| l.trim_end_matches('.'))
        })
        .collect();
    let tried = format!("{} wrong: {}", wrong.len(), wrong.join("; "));
    match (a.outcome, wrong.is_empty()) {
        (Outcome::Right, true) => "right".into(),
        (Outcome::Right, false) => format!("right after {tried}"),
        (Outcome::Shown, true) => "solution shown".into(),
        (Outcome::Shown, false) => format!("solution shown after {tried}"),
        (Outcome::Open, _) => "not reached".into(),
    }
}

/// Builds the table; `puzzle` rebuilds a puzzle and its label from its id (None: a puzzle this
/// version cannot build; its row has no answer cells).
pub fn table_with(
    results: &[StudentResult],
    puzzle: impl Fn(u64) -> Option<(Puzzle, String)>,
) -> Table {
    let mut questions: Vec<QuestionSummary> = vec![];
    let mut wrong_counts: Vec<BTreeMap<String, usize>> = vec![];
    let mut per_row: Vec<(Row, Vec<(String, String)>)> = vec![];
    let mut students = vec![];
    for student in results {
        let mut solved = 0;
        for (index, p) in student.puzzles.iter().enumerate() {
            let (built, label) = puzzle(p.seed).unzip();
            let questions_of = built.as_ref().map_or(&[][..], |b| &b.view.questions[..]);
            let mut cells = vec![];
            for (q, question) in questions_of.iter().enumerate() {
                let column = match questions.iter().position(|c| c.id == question.id) {
                    Some(c) => c,
                    None => {
                        questions.push(QuestionSummary {
                            id: question.id.clone(),
                            heading: question_heading(&question.id),
                            answered: 0,
                            first_try: 0,
                            common_wrong: vec![],
                        });
                        wrong_counts.push(BTreeMap::new());
                        questions.len() - 1
                    }
                };
                let labels: Vec<String> =
                    question.choices.iter().map(|c| c.label.clone()).collect();
                let answer = p.answers.get(q);
                if let Some(a) = answer.filter(|a| a.outcome != Outcome::Open) {
                    questions[column].answered += 1;
                    questions[column].first_try += usize::from(a.first_try());
                    for w in &a.wrong {
                        let label = labels.get(usize::from(*w)).cloned().unwrap_or("?".into());
                        *wrong_counts[column].entry(label).or_default() += 1;
                    }
                }
                cells.push((question.id.clone(), cell(answer, &labels)));
            }
            solved += usize::from(p.solved());
            per_row.push((
                Row {
                    name: student.name.clone(),
                    puzzle: index + 1,
                    seed: p.seed,
                    label: label.unwrap_or_else(|| format!("unknown puzzle {}", p.seed)),
                    solved: p.solved(),
                    cells: vec![],
                    score: p.score,
                    max_score: p.max_score,
                    seconds: p.seconds,
                },
                cells,
            ));
        }
        let (score, max_score) = student.score();
        students.push(StudentSummary {
            name: student.name.clone(),
            solved,
            puzzles: student.puzzles.len(),
            score,
            max_score,
            seconds: student.seconds(),
        });
    }
    for (q, counts) in questions.iter_mut().zip(wrong_counts) {
        let mut common: Vec<(String, usize)> = counts.into_iter().collect();
        common.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        q.common_wrong = common;
    }
    // Every row gets a cell per column, in the columns' order (a puzzle without a question: "").
    let rows = per_row
        .into_iter()
        .map(|(mut row, cells)| {
            row.cells = questions
                .iter()
                .map(|q| {
                    cells
                        .iter()
                        .find(|(id, _)| *id == q.id)
                        .map_or(String::new(), |(_, c)| c.clone())
                })
                .collect();
            row
        })
        .collect();
    Table {
        puzzle_column: "Seed".into(),
        questions,
        rows,
        students,
    }
}

/// The table for a session's results: seeds name generated puzzles, titles a pack's scenarios
/// and a learning path's steps.
pub fn table(session: &Session, results: &[StudentResult]) -> Table {
    let puzzles = Puzzles::new(session).ok();
    let by_title = matches!(session.source, Source::Pack { .. } | Source::Path { .. });
    let mut t = table_with(results, |id| {
        let (p, title) = puzzles.as_ref()?.get(id).ok()?;
        Some((p, if by_title { title } else { id.to_string() }))
    });
    if by_title {
        t.puzzle_column = "Scenario".into();
    }
    t
}

/// The header and rows shown in the results table, as text: the CSV holds exactly these.
pub fn grid(table: &Table) -> Vec<Vec<String>> {
    let mut header: Vec<String> = vec![
        "Student".into(),
        "Puzzle".into(),
        table.puzzle_column.clone(),
    ];
    header.extend(table.questions.iter().map(|q| q.heading.clone()));
    header.extend(["Solved".into(), "Score".into(), "Time".into()]);
    let mut out = vec![header];
    for r in &table.rows {
        let mut line = vec![r.name.clone(), r.puzzle.to_string(), r.label.clone()];
        line.extend(r.cells.iter().cloned());
        line.push(if r.solved { "yes" } else { "no" }.into());
        line.push(format!("{}/{}", r.score, r.max_score));
        line.push(clock(r.seconds));
        out.push(line);
    }
    out
}

/// RFC 4180 CSV with CRLF line ends. A cell that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@` first) gets a leading apostrophe: a student's name is not a formula.
pub fn csv(grid: &[Vec<String>]) -> String {
    let field = |f: &String| {
        let f = if f.starts_with(['=', '+', '-', '@']) {
            format!("'{f}")
        } else {
            f.clone()
        };
        if f.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", f.replace('"', "\"\""))
        } else {
            f
        }
    };
    grid.iter()
        .map(|row| row.iter().map(field).collect::<Vec<_>>().join(",") + "\r\n")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::result_code::{encode, PuzzleResult, QuestionAnswer};
    use super::*;
    use faultline_engine::Difficulty;

    fn session() -> Session {
        Session::generated(Difficulty::Easy, 2, [7; 8])
    }

    /// A student who answered every question of their puzzles: right first try, or after
    /// choosing `wrong` first on the layer question.
    fn student(s: &Session, name: &str, wrong: Option<u8>) -> StudentResult {
        let built = Puzzles::new(s).unwrap();
        let puzzles = s
            .puzzles_for(name)
            .into_iter()
            .map(|seed| {
                let (p, _) = built.get(seed).unwrap();
                let answers = p
                    .view
                    .questions
                    .iter()
                    .enumerate()
                    .map(|(q, _)| QuestionAnswer {
                        wrong: if q == 0 {
                            wrong.into_iter().collect()
                        } else {
                            vec![]
                        },
                        outcome: Outcome::Right,
                    })
                    .collect();
                PuzzleResult {
                    seed,
                    score: 300,
                    max_score: 400,
                    seconds: 61,
                    answers,
                }
            })
            .collect();
        StudentResult {
            name: name.into(),
            puzzles,
        }
    }

    #[test]
    fn pasted_lines_are_taken_or_refused_with_their_line_number() {
        let s = session();
        let ana = encode(&s, &student(&s, "Ana", None));
        let mut tampered = encode(&s, &student(&s, "Ben", None));
        let last = tampered.pop().unwrap();
        tampered.push(if last == 'A' { 'B' } else { 'A' });
        let text = format!("{ana}\n\nnot a code\n{tampered}\n{ana}\n");
        let (taken, problems) = read_pasted(&s, &text, &[]);
        assert_eq!(taken, vec![ana.clone()], "the repeat is skipped");
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].line, 3);
        assert!(problems[0]
            .sentence()
            .starts_with("Line 3: this is not a Faultline result code"));
        assert_eq!(problems[1].line, 4);
        assert!(problems[1].sentence().contains("changed"), "{problems:?}");
        // Already stored: nothing new, no problem.
        assert_eq!(
            read_pasted(&s, &ana, std::slice::from_ref(&ana)),
            (vec![], vec![])
        );
    }

    #[test]
    fn the_table_has_a_row_per_student_and_puzzle_and_counts_wrong_answers() {
        let s = session();
        let results = vec![
            student(&s, "Ana", None),
            student(&s, "Ben", Some(0)),
            student(&s, "Cy", Some(0)),
        ];
        let t = table(&s, &results);
        assert_eq!(t.rows.len(), 6);
        assert_eq!(t.students.len(), 3);
        assert_eq!(t.students[0].solved, 2);
        assert_eq!(t.students[0].seconds, 122);
        let layer = &t.questions[0];
        assert_eq!(layer.id, "layer");
        assert_eq!(layer.answered, 6);
        // Every wrong try counts, by its choice label.
        let wrong_tries: usize = layer.common_wrong.iter().map(|(_, n)| n).sum();
        assert_eq!(wrong_tries, 4);
        assert_eq!(layer.first_try, 2);
        assert!(t.rows[0].cells.iter().all(|c| c == "right"));
        assert!(t.rows[2].cells[0].starts_with("right after 1 wrong: "));
        let g = grid(&t);
        assert_eq!(g.len(), 7);
        assert_eq!(g[0][0], "Student");
        assert!(g.iter().all(|row| row.len() == g[0].len()));
        assert_eq!(g[1][g[0].len() - 1], "1:01");
    }

    #[test]
    fn a_later_code_from_the_same_student_replaces_the_earlier() {
        let s = session();
        let first = encode(&s, &student(&s, "Ana", Some(1)));
        let second = encode(&s, &student(&s, "ana", None));
        let (results, unreadable) = decode_all(&s, &[first, second, "R1.zz".into()]);
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].name, "ana");
        assert_eq!(unreadable, vec!["R1.zz".to_string()]);
    }

    #[test]
    fn csv_quotes_what_needs_it_and_defuses_formulas() {
        let g = vec![
            vec!["Student".into(), "Cause".into()],
            vec!["=HYPERLINK(\"x\")".into(), "right after a, b".into()],
        ];
        assert_eq!(
            csv(&g),
            "Student,Cause\r\n\"'=HYPERLINK(\"\"x\"\")\",\"right after a, b\"\r\n"
        );
    }

    #[test]
    fn a_pack_session_names_its_scenarios_by_title() {
        let pack = crate::modes::packs::builtin::packs().remove(0);
        let s = Session {
            source: Source::Pack {
                pack: crate::modes::packs::pack_id(&pack),
                scenarios: vec![0, 2],
            },
            key: [5; 8],
        };
        let ana = StudentResult {
            name: "Ana".into(),
            puzzles: s
                .puzzles_for("Ana")
                .into_iter()
                .map(|id| PuzzleResult {
                    seed: id,
                    score: 100,
                    max_score: 400,
                    seconds: 30,
                    answers: vec![QuestionAnswer {
                        wrong: vec![],
                        outcome: Outcome::Right,
                    }],
                })
                .collect(),
        };
        let g = grid(&table(&s, &[ana]));
        assert_eq!(g[0][2], "Scenario");
        let titles: Vec<String> = [0, 2]
            .iter()
            .map(|i| {
                crate::modes::packs::scenario_play::info(
                    &crate::modes::packs::scenarios(&pack)[*i],
                    *i,
                )
                .title
            })
            .collect();
        assert_eq!(vec![g[1][2].clone(), g[2][2].clone()], titles);
        assert_eq!(g[1][3], "right");
    }

    #[test]
    fn a_path_session_names_each_step_by_its_scenario_title() {
        let s = Session {
            source: Source::Path {
                path: "first-hour".into(),
            },
            key: [6; 8],
        };
        let built = Puzzles::new(&s).unwrap();
        let ana = StudentResult {
            name: "Ana".into(),
            puzzles: vec![PuzzleResult {
                seed: 1,
                score: 100,
                max_score: 400,
                seconds: 30,
                answers: vec![],
            }],
        };
        let g = grid(&table(&s, &[ana]));
        assert_eq!(g[0][2], "Scenario");
        assert_eq!(g[1][2], built.get(1).unwrap().1);
        assert_ne!(g[1][2], built.get(0).unwrap().1);
    }
}
