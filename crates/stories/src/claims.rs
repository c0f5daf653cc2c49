//! Claims and disputes: what a story's sources say about the same thing, side by side.
//!
//! Every attributed statement of a story's reports (the quotes of their analyses, with speakers)
//! is reduced to what it is about and how its speaker stands:
//!
//! - **About**: the statement's *event* — the first word in it from a small lexicon of event
//!   classes that news disputes turn on (fighting, deploying, killing, attacking, agreeing,
//!   winning…), with synonyms folded (`battle`, `hostilities`, `combat`, `fight` are one event).
//!   Statements of one story about the same event form one claim. Participants (`troops`,
//!   `North Korea`) are deliberately not the key: within a story they are shared by most
//!   statements, including ones about other events ("soldiers stationed in occupied territory").
//! - **Stance**: `no evidence` (`no evidence`, `could not confirm`…) before the event word;
//!   `denies` when a negation (`not`, `n’t`, `never`, `yet to`…) stands in the same clause
//!   shortly before it, or the cue itself denies (`denied`, `rejected`); `unclear` when a hedge
//!   (`may`, `might`, `reportedly`…) does; otherwise `affirms`.
//!
//! Within an event, a statement must also share a participant (a content word other than the
//! event's own words, stemmed) with a statement of another speaker: "we are fighting together
//! against hegemonism" is not about the troops whose fighting the others dispute.
//!
//! A claim is **disputed** when one speaker affirms what another denies or finds no evidence for.
//! Only claims with at least two speakers are reported: one voice is a quote, not a claim.

use std::collections::BTreeMap;

use newsbite_model::{Analysis, Article, Claim, Position, Quote, Span, Stance};

/// One report of a story: its id in the store, the article and its analysis.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The article's id.
    pub id: i64,
    /// The article.
    pub article: &'a Article,
    /// Its analysis.
    pub analysis: &'a Analysis,
}

/// Event classes: a name and the stems (lower-case word beginnings) that express it.
const EVENTS: &[(&str, &[&str])] = &[
    (
        "fighting",
        &[
            "fight",
            "fought",
            "battl",
            "combat",
            "hostilit",
            "clash",
            "fray",
            "engag",
            "action",
            "conflict",
            "frontline",
            "front line",
        ],
    ),
    (
        "deployment",
        &["deploy", "station", "sent ", "send", "dispatch", "arriv", "withdr", "pull out", "pulled out"],
    ),
    ("casualties", &["kill", "dead", "death", "die", "casualt", "wound", "injur", "loss", "lost"]),
    ("attack", &["attack", "strike", "struck", "bomb", "shell", "missile", "drone"]),
    ("agreement", &["agree", "deal", "treaty", "pact", "sign", "ceasefire", "truce"]),
    ("election", &["elect", "vote", "ballot", "won ", "win ", "lost the", "defeat"]),
    ("safety", &["safe", "unsafe", "danger", "crack", "collapse", "leak", "repair", "inspect"]),
    ("guilt", &["guilt", "innocen", "crime", "fraud", "corrupt", "bribe", "charg", "convict"]),
    ("economy", &["inflation", "recession", "growth", "price", "cost", "wage", "unemploy", "tax"]),
];

const NO_EVIDENCE: &[&str] = &[
    "no evidence",
    "no proof",
    "not seen any evidence",
    "not seen evidence",
    "no sign",
    "no indication",
    "could not confirm",
    "cannot confirm",
    "can't confirm",
    "can’t confirm",
    "unable to confirm",
    "could not verify",
    "cannot verify",
    "unable to verify",
    "not been able to confirm",
    "not been able to verify",
];

const NEGATIONS: &[&str] = &[
    "not", "never", "no", "nobody", "none", "neither", "nor", "without", "denied", "deny", "denies", "false",
];

const HEDGES: &[&str] = &[
    "may",
    "might",
    "could",
    "possibly",
    "perhaps",
    "reportedly",
    "allegedly",
    "unclear",
    "unconfirmed",
    "likely",
    "if",
    "whether",
    "unless",
];

/// Cues that themselves deny the statement they attribute.
const DENYING_CUES: &[&str] =
    &["denied", "denies", "deny", "rejected", "rejects", "dismissed", "dismisses", "refuted"];

/// How many words before the event word a negation or hedge may stand and still govern it.
const SCOPE_WORDS: usize = 7;

/// A statement reduced to what it is about and its stance.
#[derive(Debug, Clone)]
struct Statement<'a> {
    /// Stemmed content words, without the event's own words.
    participants: Vec<String>,
    stance: Stance,
    speaker: String,
    quote: &'a Quote,
    report: i64,
    sentence: String,
}

/// The claims of a story, disputed ones first, then by number of speakers.
pub fn claims(reports: &[Report<'_>]) -> Vec<Claim> {
    let terms = newsbite_text::terms::Terms::new();
    let mut by_event: BTreeMap<&'static str, Vec<Statement<'_>>> = BTreeMap::new();
    for report in reports {
        for quote in &report.analysis.quotes {
            let Some(speaker) = &quote.speaker else { continue };
            let (sentence, lead) = sentence_of(report.article, &quote.span)
                .unwrap_or_else(|| (quote.text.clone(), String::new()));
            let Some((event, stance)) = read_statement(&quote.text, &lead, quote.cue.as_deref()) else {
                continue;
            };
            let participants = participants(&terms, &quote.text);
            by_event.entry(event).or_default().push(Statement {
                participants,
                stance,
                speaker: speaker.name.clone(),
                quote,
                report: report.id,
                sentence,
            });
        }
    }

    let mut out: Vec<Claim> = by_event.into_values().map(keep_shared).filter_map(claim_of).collect();
    out.sort_by_key(|c| (!c.disputed, std::cmp::Reverse(c.positions.len())));
    out
}

/// A statement's participants: its stemmed content words that name no event.
fn participants(terms: &newsbite_text::terms::Terms, text: &str) -> Vec<String> {
    let mut out: Vec<String> = terms
        .terms(text)
        .filter(|t| {
            let lower = t.word.to_lowercase();
            !EVENTS.iter().any(|(_, stems)| stems.iter().any(|s| lower.starts_with(s.trim_end())))
                && !NO_EVIDENCE.iter().any(|p| p.contains(lower.as_str()))
        })
        .map(|t| t.stem)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Keeps the statements that share a participant with a statement of another speaker, and those
/// that name nothing but the event itself ("the deal was signed").
fn keep_shared(statements: Vec<Statement<'_>>) -> Vec<Statement<'_>> {
    let keep: Vec<bool> = statements
        .iter()
        .map(|s| {
            s.participants.is_empty()
                || statements.iter().any(|o| {
                    o.speaker != s.speaker
                        && s.participants.iter().any(|p| o.participants.binary_search(p).is_ok())
                })
        })
        .collect();
    statements.into_iter().zip(keep).filter_map(|(s, k)| k.then_some(s)).collect()
}

/// Folds one event's statements into a claim: one position per speaker, from the first report
/// that gives it; the speaker's stance over all their statements.
fn claim_of(statements: Vec<Statement<'_>>) -> Option<Claim> {
    let mut positions: Vec<(Position, usize)> = Vec::new();
    for s in &statements {
        let existing = positions.iter_mut().find(|(p, _)| p.speaker == s.speaker);
        match existing {
            Some((p, n)) => {
                p.stance = merge(p.stance, s.stance);
                *n += 1;
            }
            None => positions.push((
                Position {
                    speaker: s.speaker.clone(),
                    stance: s.stance,
                    text: s.quote.text.clone(),
                    sentence: s.sentence.clone(),
                    article: s.report,
                    span: s.quote.span,
                },
                1,
            )),
        }
    }
    let speakers: std::collections::HashSet<&str> =
        positions.iter().map(|(p, _)| p.speaker.as_str()).collect();
    if speakers.len() < 2 {
        return None;
    }
    let positions: Vec<Position> = positions.into_iter().map(|(p, _)| p).collect();
    let affirms = positions.iter().any(|p| p.stance == Stance::Affirms);
    let doubts = positions.iter().any(|p| matches!(p.stance, Stance::Denies | Stance::NoEvidence));
    // What the claim is about, in the words of the first report that asserts it.
    let about = statements
        .iter()
        .find(|s| s.stance == Stance::Affirms)
        .or_else(|| statements.first())
        .map(|s| trim_claim(&s.quote.text))
        .unwrap_or_default();
    Some(Claim { about, positions, disputed: affirms && doubts })
}

/// One speaker's stance over several statements: a clear stance beats an unclear one; a speaker
/// who both affirms and denies is unclear.
fn merge(a: Stance, b: Stance) -> Stance {
    match (a, b) {
        (x, y) if x == y => x,
        (Stance::Unclear, x) | (x, Stance::Unclear) => x,
        (Stance::NoEvidence, Stance::Denies) | (Stance::Denies, Stance::NoEvidence) => Stance::Denies,
        _ => Stance::Unclear,
    }
}

/// The event a statement is about and its stance, or `None` when it is about no known event.
/// `lead` is the part of its sentence before it ("its monitors found no evidence that"), which
/// can carry the stance of reported speech.
fn read_statement(text: &str, lead: &str, cue: Option<&str>) -> Option<(&'static str, Stance)> {
    let lower = text.to_lowercase().replace('’', "'");
    let lead = lead.to_lowercase().replace('’', "'");
    let (event, at) = first_event(&lower)?;
    let before = format!("{lead} {}", &lower[..at]);
    let lead_denies = lead.split(|c: char| !c.is_alphanumeric()).any(|w| DENYING_CUES.contains(&w));
    let stance = if NO_EVIDENCE.iter().any(|p| before.contains(&p.replace('’', "'"))) {
        Stance::NoEvidence
    } else if lead_denies || cue.is_some_and(|c| DENYING_CUES.iter().any(|d| c.to_lowercase().contains(d))) {
        Stance::Denies
    } else {
        let scope = clause_scope(&before);
        if scope.iter().any(|w| is_negation(w)) || scope_has_phrase(&scope, "yet to") {
            Stance::Denies
        } else if scope.iter().any(|w| HEDGES.contains(&w.as_str())) {
            Stance::Unclear
        } else {
            Stance::Affirms
        }
    };
    Some((event, stance))
}

/// The first event word of a lower-case text: its class and byte offset. An event word starts a
/// word of the text with one of the event's stems; at the earliest such place, the first event
/// (in [`EVENTS`] order) whose stem is there wins.
fn first_event(lower: &str) -> Option<(&'static str, usize)> {
    // Stems may end with a space ("sent ", "won "): the text is read as if one followed it.
    let padded = format!("{lower} ");
    let mut prev: Option<char> = None;
    for (at, c) in padded.char_indices() {
        let starts_word = !prev.is_some_and(char::is_alphanumeric);
        prev = Some(c);
        if !starts_word || !c.is_alphabetic() {
            continue;
        }
        let rest = &padded[at..];
        for &(event, stems) in EVENTS {
            if stems.iter().any(|stem| rest.starts_with(stem)) {
                return Some((event, at));
            }
        }
    }
    None
}

/// The last words before the event word, within its clause (not past `,`, `;`, `:` or a
/// sentence end), at most [`SCOPE_WORDS`] of them. `n't` counts as a word `not`.
fn clause_scope(before: &str) -> Vec<String> {
    let clause = before.rsplit([',', ';', ':', '.', '?', '!', '“', '"']).next().unwrap_or(before);
    let mut words: Vec<String> = Vec::new();
    for w in clause.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        if w.is_empty() {
            continue;
        }
        if w.ends_with("n't") {
            words.push(w.trim_end_matches("n't").to_string());
            words.push("not".to_string());
        } else {
            words.push(w.to_string());
        }
    }
    let keep = words.len().saturating_sub(SCOPE_WORDS);
    words.split_off(keep)
}

fn is_negation(word: &str) -> bool {
    NEGATIONS.contains(&word)
}

fn scope_has_phrase(scope: &[String], phrase: &str) -> bool {
    scope.join(" ").contains(phrase)
}

/// A statement as a claim's title: without the quotation marks and trailing commas.
fn trim_claim(text: &str) -> String {
    let t = text.trim().trim_matches(|c: char| matches!(c, '“' | '”' | '"' | ',' | ' '));
    t.replace(['“', '”'], "")
}

/// The sentence(s) of the article that hold a span, and the part of the first before the span.
fn sentence_of(article: &Article, span: &Span) -> Option<(String, String)> {
    let whole = match span.part {
        newsbite_model::Part::Headline => article.headline.clone(),
        newsbite_model::Part::Standfirst => article.standfirst.clone()?,
        newsbite_model::Part::Block(i) => article.blocks.get(i)?.text(),
    };
    let sentences = newsbite_text::sentences(&whole);
    let first = sentences.iter().find(|s| s.end > span.start)?;
    let last = sentences.iter().rev().find(|s| s.start < span.end).unwrap_or(first);
    let sentence = whole.get(first.start..last.end.max(first.end))?.to_string();
    let lead = whole.get(first.start..span.start.max(first.start)).unwrap_or("").to_string();
    Some((sentence, lead))
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsbite_model::{Block, Part, QuoteKind, Speaker};

    fn quote(block: usize, text: &str, speaker: &str, article: &Article) -> Quote {
        let whole = article.blocks[block].text();
        let start = whole.find(text).expect("quote text is in its block");
        Quote {
            kind: QuoteKind::Indirect,
            text: text.to_string(),
            span: Span { part: Part::Block(block), start, end: start + text.len() },
            cue: Some("said".into()),
            speaker: Some(Speaker { mention: speaker.into(), name: speaker.into(), span: None }),
        }
    }

    #[test]
    fn stances() {
        let s = |t: &str| read_statement(t, "", None).map(|(_, s)| s);
        assert_eq!(
            s("North Korean soldiers had come into direct conflict with Ukrainian troops"),
            Some(Stance::Affirms)
        );
        assert_eq!(s("the North Korean troops had not yet entered battle"), Some(Stance::Denies));
        assert_eq!(s("why DPRK haven’t started the fight yet,"), Some(Stance::Denies));
        assert_eq!(
            s("the alliance had “no evidence that North Korean soldiers are involved in the fight, but we do know"),
            Some(Stance::NoEvidence)
        );
        assert_eq!(
            s("Kim’s troops have not seen a wink of action due to their poor training"),
            Some(Stance::Denies)
        );
        assert_eq!(s("the troops may have joined the fighting"), Some(Stance::Unclear));
        assert_eq!(
            s("Not everyone was there, but the troops fought on"),
            Some(Stance::Affirms),
            "the negation is in another clause"
        );
        assert_eq!(s("the weather was fine"), None);
        assert_eq!(
            read_statement("the troops fought", "", Some("denied")).map(|(_, s)| s),
            Some(Stance::Denies)
        );
        assert_eq!(s("If there is evidence of a battle, we will look"), Some(Stance::Unclear));
        let lead = |l: &str, t: &str| read_statement(t, l, Some("said")).map(|(_, s)| s);
        assert_eq!(
            lead("Its monitors had found no evidence that ", "any fighting took place"),
            Some(Stance::NoEvidence)
        );
        assert_eq!(
            lead("Kardovia rejected the claim that ", "his troops fought off an incursion"),
            Some(Stance::Denies)
        );
    }

    #[test]
    fn a_dispute_comes_out_with_every_position() {
        let mut a = Article::new("Have they fought?");
        a.blocks = vec![
            Block::Paragraph { text: "Leader Ana Vell said her troops had fought the invaders.".into() },
            Block::Paragraph { text: "An official said the troops had not yet entered battle.".into() },
            Block::Paragraph {
                text: "The alliance said it had no evidence the troops were in the fight.".into(),
            },
            Block::Paragraph { text: "Ana Vell said the troops were stationed in the north.".into() },
        ];
        let analysis = Analysis {
            quotes: vec![
                quote(0, "her troops had fought the invaders", "Ana Vell", &a),
                quote(1, "the troops had not yet entered battle", "Western official", &a),
                quote(2, "it had no evidence the troops were in the fight", "The alliance", &a),
                quote(3, "the troops were stationed in the north", "Ana Vell", &a),
            ],
            ..Analysis::default()
        };
        let claims = claims(&[Report { id: 7, article: &a, analysis: &analysis }]);
        assert_eq!(claims.len(), 1, "the stationing is one voice, not a claim: {claims:#?}");
        let c = &claims[0];
        assert!(c.disputed);
        assert_eq!(c.about, "her troops had fought the invaders");
        let positions: Vec<_> = c.positions.iter().map(|p| (p.speaker.as_str(), p.stance)).collect();
        assert_eq!(
            positions,
            [
                ("Ana Vell", Stance::Affirms),
                ("Western official", Stance::Denies),
                ("The alliance", Stance::NoEvidence)
            ]
        );
        assert_eq!(c.positions[1].sentence, "An official said the troops had not yet entered battle.");
        assert_eq!(c.positions[0].article, 7);
    }

    #[test]
    fn agreement_is_not_a_dispute() {
        let mut a = Article::new("Deal signed");
        a.blocks = vec![Block::Paragraph { text: "Both sides said the deal was signed.".into() }];
        let analysis = Analysis {
            quotes: vec![
                quote(0, "the deal was signed", "Side A", &a),
                quote(0, "the deal was signed", "Side B", &a),
            ],
            ..Analysis::default()
        };
        let claims = claims(&[Report { id: 1, article: &a, analysis: &analysis }]);
        assert_eq!(claims.len(), 1);
        assert!(!claims[0].disputed);
    }

    /// The first event as first written: each stem searched for through the whole text.
    fn first_event_by_search(lower: &str) -> Option<(&'static str, usize)> {
        let padded = format!("{lower} ");
        let mut best: Option<(&'static str, usize)> = None;
        for &(event, stems) in EVENTS {
            for stem in stems {
                let mut from = 0;
                while let Some(i) = padded[from..].find(stem) {
                    let at = from + i;
                    if at == 0 || !padded[..at].chars().next_back().is_some_and(char::is_alphanumeric) {
                        if best.is_none_or(|(_, b)| at < b) {
                            best = Some((event, at));
                        }
                        break;
                    }
                    from = at + stem.len();
                }
            }
        }
        best
    }

    #[test]
    fn the_first_event_is_the_earliest_word_that_starts_with_a_stem() {
        assert_eq!(first_event("the troops fought near the border"), Some(("fighting", 11)));
        assert_eq!(first_event("no troops were sent to the front line"), Some(("deployment", 15)));
        assert_eq!(first_event("they refought nothing"), None, "a stem inside a word is no event");
        assert_eq!(first_event("the deal was signed"), Some(("agreement", 4)));
        assert_eq!(first_event("we won"), Some(("election", 3)), "a stem ending in a space meets the end");
        assert_eq!(first_event("élection, «combat»"), Some(("fighting", 13)));
    }

    proptest::proptest! {
        #[test]
        fn first_event_finds_what_searching_every_stem_finds(
            words in proptest::collection::vec(
                "(fight|fought|sent|won|win|lost the|front line|pulled out|x|é|the|refought|sign|[a-zé]{1,6})",
                0..12,
            ),
            seps in proptest::collection::vec("[ ,.«»\\-]{1,2}", 12),
        ) {
            let text: String = words.iter().zip(&seps).map(|(w, s)| format!("{w}{s}")).collect();
            proptest::prop_assert_eq!(first_event(&text), first_event_by_search(&text));
        }
    }
}
