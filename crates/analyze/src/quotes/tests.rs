use super::*;
use newsbite_model::{Article, Block};

fn article(paragraphs: &[&str]) -> Article {
    let mut a = Article::new("Headline");
    a.blocks = paragraphs.iter().map(|p| Block::Paragraph { text: p.to_string() }).collect();
    a
}

fn run(paragraphs: &[&str]) -> Vec<Quote> {
    let a = article(paragraphs);
    let doc = Doc::new(&a);
    let es = crate::entities::entities(&doc);
    let qs = quotes(&doc, &es);
    for q in &qs {
        assert_eq!(q.span.text(&a).as_deref(), Some(q.text.as_str()));
    }
    qs
}

fn who(q: &Quote) -> (&str, &str) {
    let s = q.speaker.as_ref().map(|s| (s.mention.as_str(), s.name.as_str()));
    s.unwrap_or(("", ""))
}

/// Each quote's text with its speaker as written.
fn by_mention(qs: &[Quote]) -> Vec<(&str, &str)> {
    qs.iter().map(|q| (q.text.as_str(), who(q).0)).collect()
}

/// Each quote's text with its speaker's canonical name.
fn by_name(qs: &[Quote]) -> Vec<(&str, &str)> {
    qs.iter().map(|q| (q.text.as_str(), who(q).1)).collect()
}

#[test]
fn direct_quotes_with_cues_after_and_before() {
    let qs = run(&[
        "Volodymyr Zelensky spoke on Monday.",
        "“Some of these troops have already taken part in hostilities. Yes, there are losses,” Zelensky said.",
        "“We say poor training is the reason,” said one official.",
        "Mr Rutte told reporters: “We have no evidence of that at all.”",
    ]);
    assert_eq!(qs.len(), 3, "{qs:#?}");
    assert_eq!(qs[0].kind, QuoteKind::Direct);
    assert_eq!(
        qs[0].text,
        "Some of these troops have already taken part in hostilities. Yes, there are losses,"
    );
    assert_eq!(who(&qs[0]), ("Zelensky", "Volodymyr Zelensky"));
    assert_eq!(qs[0].cue.as_deref(), Some("said"));
    assert_eq!(who(&qs[1]), ("one official", "official"));
    assert_eq!(who(&qs[2]).0, "Mr Rutte");
    assert_eq!(qs[2].text, "We have no evidence of that at all.");
}

#[test]
fn indirect_and_mixed() {
    let qs = run(&[
        "Volodymyr Zelensky last month claimed North Korean soldiers had come into conflict with Ukrainian troops, which prompted calls.",
        "Mr Rutte said that the alliance had “no evidence that soldiers are involved”.",
        "Secret Service protocol called for her to be taken to hospital, sources said.",
        "According to the poll, Clinton leads by four points.",
    ]);
    let texts: Vec<_> = qs.iter().map(|q| (q.kind, q.text.as_str(), who(q).0)).collect();
    assert_eq!(
        texts,
        [
            (
                QuoteKind::Indirect,
                "North Korean soldiers had come into conflict with Ukrainian troops",
                "Volodymyr Zelensky"
            ),
            (QuoteKind::Mixed, "the alliance had “no evidence that soldiers are involved”", "Mr Rutte"),
            (
                QuoteKind::Indirect,
                "Secret Service protocol called for her to be taken to hospital",
                "sources"
            ),
            (QuoteKind::Indirect, "Clinton leads by four points", "the poll"),
        ]
    );
}

#[test]
fn continuation_and_descriptions() {
    let qs = run(&[
        "The article cites an anonymous “Western official”, who asserts that the troops had not yet entered battle.",
        "“It’s true that the Russians are able to replace the casualties,” the official said.",
        "“It has to be said that the training is absolutely minimal.”",
        "She left. “This is a long quote without any cue at all,” a man shouted.",
    ]);
    assert_eq!(who(&qs[0]), ("an anonymous “Western official”", "Western official"));
    assert_eq!(qs[0].text, "the troops had not yet entered battle");
    assert_eq!(who(&qs[1]), ("the official", "Western official"));
    assert_eq!(qs[2].speaker.as_ref().map(|s| s.name.as_str()), Some("Western official"));
    assert_eq!(qs[2].speaker.as_ref().and_then(|s| s.span), None);
}

#[test]
fn scare_quotes_are_not_quotes() {
    let qs = run(&["Putin reasserted his vision for a “multipolar world,” which is a return to the past."]);
    assert!(qs.is_empty(), "{qs:#?}");
}

#[test]
fn quotes_spanning_paragraphs() {
    let qs = run(&["“The first part of a long statement runs on", "“and ends here,” Flynn said."]);
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert_eq!(who(&qs[0]).1, "Flynn");
    assert_eq!(qs[0].speaker.as_ref().and_then(|s| s.span), None);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    /// Text built from the pieces attribution hangs on, plus anything at all.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("“".to_string()),
            Just("”".to_string()),
            Just("\"".to_string()),
            Just("''".to_string()),
            Just("‘".to_string()),
            Just("’".to_string()),
            Just(", ".to_string()),
            Just(". ".to_string()),
            Just(": ".to_string()),
            Just(" said ".to_string()),
            Just(" according to ".to_string()),
            Just(" told ".to_string()),
            Just(" adding ".to_string()),
            Just(" that ".to_string()),
            Just(" who ".to_string()),
            Just(" he ".to_string()),
            Just("Mr. ".to_string()),
            Just("Volodymyr Zelensky".to_string()),
            Just(" the Ukrainian leader ".to_string()),
            Just("(R-IN) ".to_string()),
            "[A-Z][a-z]{0,8}",
            "[a-z]{1,8} ",
            ".{0,6}",
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
        #[test]
        fn any_text_gives_valid_quotes_and_entities(
            head in text(),
            stand in proptest::option::of(text()),
            paras in proptest::collection::vec((text(), 0u8..4), 0..6),
        ) {
            let mut a = Article::new(head);
            a.standfirst = stand;
            a.blocks = paras
                .into_iter()
                .map(|(t, k)| match k {
                    0 => Block::Caption { text: t, credit: None },
                    1 => Block::Heading { text: t, level: 2 },
                    _ => Block::Paragraph { text: t },
                })
                .collect();
            let doc = Doc::new(&a);
            let es = crate::entities::entities(&doc);
            for e in &es {
                prop_assert!(e.mentions > 0);
            }
            for q in quotes(&doc, &es) {
                let got = q.span.text(&a).map(|t| t.into_owned());
                prop_assert_eq!(got.as_deref(), Some(q.text.as_str()));
                if let Some(s) = q.speaker.as_ref().and_then(|s| s.span) {
                    prop_assert!(s.text(&a).is_some());
                }
            }
            let full = crate::analyze(&a);
            for q in &full.quotes {
                let got = q.span.text(&a).map(|t| t.into_owned());
                prop_assert_eq!(got.as_deref(), Some(q.text.as_str()));
            }
        }
    }
}

#[test]
fn learned_cues_progressives_and_long_subjects() {
    let qs = run(&[
        "Experts on North Korea and nuclear nonproliferation said the latest test could change that.",
        "The city of Phoenix is demanding that the campaign stop using the image.",
        "Clinton cited derogatory comments Trump had made about her.",
        "On “Face the Nation,” House Speaker Paul D. Ryan said the shootings demand more listening.",
        "Scott's relatives watched it on Thursday, attorneys for the family said.",
    ]);
    let got = by_mention(&qs);
    assert_eq!(
        got,
        [
            ("the latest test could change that", "Experts on North Korea and nuclear nonproliferation"),
            ("the campaign stop using the image", "The city of Phoenix"),
            ("derogatory comments Trump had made about her", "Clinton"),
            ("the shootings demand more listening", "House Speaker Paul D. Ryan"),
            ("Scott's relatives watched it on Thursday", "attorneys for the family"),
        ]
    );
}

#[test]
fn a_cited_source_is_no_quote_and_nouns_are_no_cues() {
    let qs = run(&["According to the poll, Clinton leads by four points."]);
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(who(&qs[0]).0, "the poll");
}

#[test]
fn appositions_after_quotations_and_inverted_sentence_cues() {
    let qs = run(&[
        "Mr. Holtz-Eakin spoke. ''I think all candidates should do so,'' Douglas Holtz-Eakin, an economist and tax expert, told me this week.",
        "The plan is complicated. Said Ellis: “I don’t get the sense she’s the least bit interested.”",
        "“They wouldn’t get an immunity deal,” Rep. Jim Jordan (R-Ohio), an oversight panel member, said in a phone interview.",
    ]);
    let got: Vec<_> = qs.iter().map(|q| who(q).1).collect();
    assert_eq!(got, ["Douglas Holtz-Eakin", "Ellis", "Jim Jordan"], "{qs:#?}");
}

#[test]
fn long_sources_titles_parentheticals_and_objects() {
    let qs = run(&[
        "According to a lawsuit filed by the state attorney general on Monday, the company hid losses for years.",
        "The bridge was never safe — or even close to safe — according to the engineers' report.",
        "Mayor Ruiz tells WKRP’s “Morning Drive” on Tuesday that the budget will pass.",
        "The minister told the committee she had “no memory of the meeting” at all.",
        "A spokesman for the port authority, Dana Okafor, said the cranes would be back within a week.",
        "Okafor has long said that the harbour needs dredging.",
        "The flood, the governor often says, was the worst in a century.",
        "The panel then ruled that the contract was void.",
    ]);
    let got = by_name(&qs);
    assert_eq!(
        got,
        [
            ("the company hid losses for years", "state attorney general"),
            ("The bridge was never safe — or even close to safe", "engineers"),
            ("the budget will pass", "Ruiz"),
            ("she had “no memory of the meeting” at all", "minister"),
            ("the cranes would be back within a week", "Dana Okafor"),
            ("the harbour needs dredging", "Dana Okafor"),
            ("The flood, the governor often says, was the worst in a century", "governor"),
            ("the contract was void", "panel"),
        ],
        "{qs:#?}"
    );
}

#[test]
fn second_verbs_inverted_reports_and_quotes_after_an_indirect_one() {
    let qs = run(&[
        "Anna Lind waved at the crowd and then repeatedly says, “Keep the gates shut tonight,” until the bell rings.",
        "Turnout rose again. This is “the highest count in twenty years,” reported Radio Nord.",
        "Lind said the river would fall by morning. “We have sandbags for every house on the street.”",
    ]);
    let got = by_name(&qs);
    assert_eq!(
        got,
        [
            ("Keep the gates shut tonight,", "Anna Lind"),
            ("the highest count in twenty years,", "Radio Nord"),
            ("the river would fall by morning", "Anna Lind"),
            ("We have sandbags for every house on the street.", "Anna Lind"),
        ],
        "{qs:#?}"
    );
}

#[test]
fn openers_are_no_speakers() {
    let qs = run(&[
        "With council members increasingly worried about the cost of the dam, Mayor Ruiz is trying a new message.",
        "Worse, Acme Foods kept two sets of books, reporting different prices to the tax office.",
    ]);
    let got = by_mention(&qs);
    assert_eq!(got, [("different prices to the tax office", "Acme Foods")], "{qs:#?}");
}

#[test]
fn a_participle_takes_the_name_before_it_or_the_subject_after_an_opening_quotation() {
    let qs = run(&[
        "The council met again. The ad uses footage of Anna Lind asking, “Why are the gates still open?”",
        "“Shut them now,” Lind sings to the crowd before asking them, “Where do we go from here?”",
    ]);
    let got = by_mention(&qs);
    assert_eq!(
        got,
        [
            ("Why are the gates still open?", "Anna Lind"),
            // No cue: it opens its paragraph and goes on from the last speaker.
            ("Shut them now,", "Anna Lind"),
            ("Where do we go from here?", "Lind"),
        ],
        "{qs:#?}"
    );
}

#[test]
fn a_clause_stops_before_a_direct_quote_of_its_sentence() {
    let qs = run(&[
        "Anna Lind spoke on Monday. She said the ferry would not run until spring, and when pressed on the cost, the mayor replied, “We will find the money one way or another.”",
    ]);
    let got: Vec<_> = qs.iter().map(|q| (q.kind, q.text.as_str(), who(q).1)).collect();
    assert_eq!(
        got,
        [
            (QuoteKind::Indirect, "the ferry would not run until spring", "Anna Lind"),
            (QuoteKind::Direct, "We will find the money one way or another.", "mayor"),
        ],
        "{qs:#?}"
    );
}

#[test]
fn subjects_past_relative_clauses_participles_and_subordinators() {
    let qs = run(&[
        "The harbour board, which met on Tuesday, said the ferry would run again in May.",
        "The latest county survey released Friday shows that most voters back the new bridge.",
        "Anna Lind, Dana Okafor and Lee Park all suggested that the plan could be delayed.",
        "When Okafor noted that the dam had never been inspected, the room fell silent.",
    ]);
    let got = by_mention(&qs);
    assert_eq!(
        got,
        [
            ("the ferry would run again in May", "The harbour board"),
            ("most voters back the new bridge", "The latest county survey"),
            ("the plan could be delayed", "Dana Okafor and Lee Park"),
            ("the dam had never been inspected", "Okafor"),
        ],
        "{qs:#?}"
    );
}

#[test]
fn a_show_title_and_an_object_with_a_time_are_no_content() {
    let qs = run(&[
        "In an interview on KXLA's “Morning Desk,” Mayor Anna Lind said the ferry would run again in May.",
        "The dam could hold another week, but only if the rain stops, Dana Okafor told The River Gazette on Thursday.",
    ]);
    let got = by_mention(&qs);
    assert_eq!(
        got,
        [
            ("the ferry would run again in May", "Mayor Anna Lind"),
            ("The dam could hold another week, but only if the rain stops", "Dana Okafor"),
        ],
        "{qs:#?}"
    );
}

#[test]
fn a_pronoun_takes_the_nearest_person_it_fits() {
    let qs = run(&[
        "Anna Lind met Viktor Brandt in Oslo on Monday.",
        "Brandt spoke first. She said the talks had gone well.",
        "Mr Park and Mrs Okafor arrived later. He said the harbour would stay shut.",
    ]);
    let got = by_name(&qs);
    assert_eq!(
        got,
        [("the talks had gone well", "Anna Lind"), ("the harbour would stay shut", "Park")],
        "{qs:#?}"
    );
}

#[test]
fn a_second_cue_after_but_keeps_the_speaker_and_the_first_clause() {
    let qs = run(&["Mayor Anna Lind said on Friday that the ferry must wait but said “the money is there.”"]);
    assert_eq!(
        by_name(&qs),
        [("the ferry must wait", "Anna Lind"), ("the money is there.", "Anna Lind")],
        "{qs:#?}"
    );
}

#[test]
fn a_that_after_a_noun_phrase_opens_no_content_of_said() {
    // `said` takes no object: the `that` after `the constant calls` opens a relative clause.
    let qs = run(&[
        "Anna Lind said the constant calls that reach the harbour office keep the staff from their work.",
    ]);
    assert_eq!(
        by_mention(&qs).first(),
        Some(&(
            "the constant calls that reach the harbour office keep the staff from their work",
            "Anna Lind"
        )),
        "{qs:#?}"
    );
}

#[test]
fn opening_phrases_are_neither_speakers_nor_contents() {
    let qs = run(&[
        "Earlier this week, the Harbour Board filed papers opposing the new timetable.",
        "In defeat, the mayor appeared calm.",
        "About 4,000 families live on the island, according to the census office.",
        "But to keep the ferry running, she said, the council will need more money.",
    ]);
    assert_eq!(
        by_mention(&qs),
        [
            ("the new timetable", "the Harbour Board"),
            ("About 4,000 families live on the island", "the census office"),
            ("the council will need more money", "she"),
        ],
        "{qs:#?}"
    );
}

#[test]
fn contractions_free_relatives_and_time_phrases_before_a_cue() {
    let qs = run(&[
        "Anna Lind spoke at the harbour. As she’s argued, the ferry is too old.",
        "Everything the mayor says is a promise. It’s been claimed that the bridge is safe.",
        "Viktor Brandt this week also said the ferry would run in May.",
        "Pressed on the costs, Brandt said the council would pay.",
    ]);
    assert_eq!(
        by_mention(&qs),
        [
            ("the ferry is too old", "she"),
            ("the ferry would run in May", "Viktor Brandt"),
            ("the council would pay", "Brandt"),
        ],
        "{qs:#?}"
    );
    assert_eq!(by_name(&qs)[0].1, "Anna Lind");
}

#[test]
fn an_approximate_number_opens_a_clause_and_an_editors_label_is_no_speaker() {
    let qs = run(&[
        "Mayor Anna Lind said about 20 families had asked for help.",
        "CORRECTION: An earlier version of this article gave the wrong date for the vote on the ferry.",
    ]);
    assert_eq!(
        by_mention(&qs).first(),
        Some(&("about 20 families had asked for help", "Mayor Anna Lind")),
        "{qs:#?}"
    );
    assert!(qs.iter().all(|q| who(q).0 != "CORRECTION"), "{qs:#?}");
}

#[test]
fn a_name_after_an_opening_phrase_and_a_second_quotation_of_the_clause() {
    let qs = run(&[
        "In a radio interview Lind declared “the ferry will run in May.”",
        "Viktor Brandt spoke next. He’s claiming that the bridge is “a big, big problem for this town” but “nobody has checked the cables in years.”",
    ]);
    let got = by_name(&qs);
    assert!(got.contains(&("the ferry will run in May.", "Lind")), "{qs:#?}");
    assert!(got.contains(&("nobody has checked the cables in years.", "Viktor Brandt")), "{qs:#?}");
}

#[test]
fn initials_in_a_name_after_the_quote_and_as_someone_put_it() {
    let qs = run(&[
        "“The ferry is the town’s lifeline, and it must run all winter.” ― Anna K. Lind",
        "“We will find the money,” said Mayor Viktor J. Brandt.",
        "As Dana Okafor put it, “a town without a ferry is a town without a future.”",
    ]);
    assert_eq!(
        by_mention(&qs),
        [
            ("The ferry is the town’s lifeline, and it must run all winter.", "Anna K. Lind"),
            ("We will find the money,", "Mayor Viktor J. Brandt"),
            ("a town without a ferry is a town without a future.", "Dana Okafor"),
        ],
        "{qs:#?}"
    );
}

#[test]
fn a_name_before_two_appositions_and_a_participle_after_a_relative_clause() {
    let qs = run(&[
        "“The ferry is our lifeline,” Anna Lind, the mayor of Tarvik, one of the towns on the fjord, said on Monday.",
        "Viktor Brandt was angry about a builder who said he was never paid, saying, “Maybe he did not do the work.”",
    ]);
    let got = by_mention(&qs);
    assert!(got.contains(&("The ferry is our lifeline,", "Anna Lind")), "{qs:#?}");
    assert!(got.contains(&("Maybe he did not do the work.", "Viktor Brandt")), "{qs:#?}");
}

#[test]
fn characterized_as_and_a_participle_inside_the_subject() {
    let qs = run(&[
        "Viktor Brandt spoke after her. However, he characterized the plan as “a ferry to nowhere, paid for by all of us.”",
        "Fishermen marching through the harbour chanted “Keep the ferry running all winter long.”",
    ]);
    let got = by_mention(&qs);
    assert!(got.contains(&("the plan as “a ferry to nowhere, paid for by all of us.”", "he")), "{qs:#?}");
    assert!(
        got.contains(&("Keep the ferry running all winter long.", "Fishermen marching through the harbour")),
        "{qs:#?}"
    );
}

#[test]
fn transcript_lines_inside_an_open_quotation() {
    // A transcript quoted line by line, each line opened and never closed.
    let qs = run(&[
        "Mike Pence spoke to Chris Wallace on Sunday.",
        "\"WALLACE: Let us start with the news on the debate story. Why would he do that?",
        "\"PENCE: Well, look, the question really should be about the issues that matter.",
    ]);
    assert_eq!(qs.len(), 2);
    assert_eq!(qs[0].text, "Let us start with the news on the debate story. Why would he do that?");
    assert_eq!(who(&qs[0]).0, "WALLACE");
    assert!(!who(&qs[0]).1.contains(':'), "the name is the speaker's, not the line: {:?}", who(&qs[0]));
    assert_eq!(who(&qs[1]).0, "PENCE");
}

#[test]
fn a_subject_after_said_is_what_was_said_when_a_verb_follows_it() {
    let qs = run(&[
        "The officer, who spoke on condition of anonymity because he was not authorised to brief the press, said the 4th Highland Brigade had not fought at the pass.",
    ]);
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(qs[0].text, "the 4th Highland Brigade had not fought at the pass");
    assert_eq!(who(&qs[0]).0, "The officer");
}

#[test]
fn a_clause_whose_subject_went_before_the_speaker_is_no_quote() {
    // `what it says are …` names a thing by the words of its owner: no statement is reported.
    let qs = run(&[
        "The ministry spoke on Monday.",
        "Two days after the battle Valdoria says was fought at the pass, four versions are told.",
        "The man police say had fled was found on Sunday.",
        "Until the ministry shares what it says are the brigade’s own reports, the battle remains a claim.",
        "The papers hold what officials said was a full list of the dead.",
    ]);
    assert!(qs.is_empty(), "{qs:#?}");
    // Past a word of time, only the whole clause is said.
    let qs = run(&["Quillfire said the fault found now was a different issue."]);
    assert_eq!(by_mention(&qs), [("the fault found now was a different issue", "Quillfire")]);
}

#[test]
fn a_party_s_members_speak_as_themselves() {
    let qs = run(&[
        "Senate Republicans said the bill would fail.",
        "The Republican Party said it would hold its convention in July.",
    ]);
    assert_eq!(
        by_name(&qs),
        [
            ("the bill would fail", "Senate Republicans"),
            ("it would hold its convention in July", "Republican Party")
        ]
    );
}

#[test]
fn joined_attributions_are_cut_apart_and_keep_their_speakers() {
    let qs = run(&[
        "The brigade was deployed to the road, which both countries claim.",
        "Kardovia rejected the Valdorian defence minister’s claim that his troops fought off an incursion at the pass, and said no Kardovian force crossed the border.",
        "Kardovia says no clashes took place, and a senior Valdorian officer has said the brigade had not yet entered battle.",
        "Kardovia has rejected the minister’s claim that his troops fought, saying no shots were fired.",
    ]);
    assert_eq!(
        by_mention(&qs),
        [
            (
                "the Valdorian defence minister’s claim that his troops fought off an incursion at the pass",
                "Kardovia"
            ),
            // The owner of a claim is named without the possessive.
            ("his troops fought off an incursion at the pass", "the Valdorian defence minister"),
            // `and said` shares the verb's subject, not the noun's.
            ("no Kardovian force crossed the border", "Kardovia"),
            ("no clashes took place", "Kardovia"),
            ("the brigade had not yet entered battle", "a senior Valdorian officer"),
            ("the minister’s claim that his troops fought", "Kardovia"),
            ("his troops fought", "the minister"),
            // So does a participle.
            ("no shots were fired", "Kardovia"),
        ]
    );
    // The noun keeps its owner's possessive, to read `the minister’s claim: …`.
    assert_eq!(qs[1].cue.as_deref(), Some("’s claim"));
}

#[test]
fn a_speaker_is_named_without_time_or_title_and_a_cue_with_its_object() {
    let qs = run(&[
        "Civic Union won the most seats, according to final results published by the electoral commission early today.",
        "Manager Rosalind Hartigan said the club would rebuild.",
        "The minister told reporters in Carrowmere that the brigade had fought off an incursion.",
        "Its monitors had found no evidence that any fighting took place.",
        "It was the highest reading since records began, and the river was expected to fall.",
        "It would not change its profit forecast until December.",
        "Its makers claim that it is four times as fast as Sony's robot.",
    ]);
    assert_eq!(
        by_name(&qs),
        [
            ("Civic Union won the most seats", "electoral commission"),
            ("the club would rebuild", "Rosalind Hartigan"),
            ("the brigade had fought off an incursion", "minister"),
            // What was found is the denial, not the clause after `that`.
            ("no evidence that any fighting took place", "monitors"),
            // `its profit forecast` is a noun; `its makers claim` a verb after a plural.
            ("it is four times as fast as Sony's robot", "makers"),
        ]
    );
    assert_eq!(qs[2].cue.as_deref(), Some("told reporters in Carrowmere"));
}

#[test]
fn a_place_or_body_after_a_preposition_is_not_the_speaker() {
    let qs = run(&[
        "Opposition deputies in Carrowmere said they would ask Marak to appear before the committee.",
        "Rep. Elijah Cummings of Maryland said the hearing was a photo op.",
        "A spokesman for the Pentagon said the report was wrong.",
        "The survey found that the Civic Union, which won 41 per cent overall, did best among voters over 50.",
    ]);
    assert_eq!(
        by_name(&qs),
        [
            ("they would ask Marak to appear before the committee", "Opposition deputies in Carrowmere"),
            ("the hearing was a photo op", "Elijah Cummings"),
            ("the report was wrong", "Pentagon"),
            // The aside after the clause's subject does not end the clause.
            ("the Civic Union, which won 41 per cent overall, did best among voters over 50", "survey"),
        ]
    );
}

#[test]
fn a_pronoun_that_opens_what_was_said_is_the_one_who_said_it() {
    let qs = run(&[
        "The Kardovian parliament met on Monday.",
        "In Kelderin, residents said they wanted the soldiers to stay either way.",
        "Ilse Marrow, the mayor, said she hoped the road would reopen.",
        "Mr Tomas Brandt left early. I said he wanted to stay.",
    ]);
    assert_eq!(
        by_name(&qs),
        [
            ("they wanted the soldiers to stay either way", "residents"),
            // `they` is the residents, not the last body named.
            ("the soldiers to stay either way", "residents"),
            ("she hoped the road would reopen", "Ilse Marrow"),
            ("the road would reopen", "Ilse Marrow"),
            ("he wanted to stay", "I"),
            // `he` is not the `I` who said it.
            ("to stay", "Tomas Brandt"),
        ]
    );
}

#[test]
fn to_see_is_a_view_only_with_that_or_as() {
    let qs = run(&[
        "A crowd of 48,200 in Carrowmere saw Tallon take control in the first half.",
        "GlaxoSmithKline saw its profits fall 9% last year.",
        "Developers see golf courses as wasted space.",
        "Voters saw that the mayor could win.",
    ]);
    assert_eq!(
        by_name(&qs),
        [("golf courses as wasted space", "Developers"), ("the mayor could win", "Voters")]
    );
}

#[test]
fn modifiers_are_not_cues_and_a_participle_is_no_part_of_the_speaker() {
    let qs = run(&[
        "Quillfire says the phone’s charging port can overheat.",
        "Residents are asking why a flood wall promised seven years ago was not in place.",
        "A survey published today suggests young voters turned out in unusual numbers.",
    ]);
    assert_eq!(
        by_name(&qs),
        [
            ("the phone’s charging port can overheat", "Quillfire"),
            ("why a flood wall promised seven years ago was not in place", "Residents"),
            ("young voters turned out in unusual numbers", "survey"),
        ]
    );
}

#[test]
fn a_body_is_named_as_the_article_named_it_first() {
    let qs = run(&[
        "The Electoral Commission published its report on Monday.",
        "The commission says spending limits should cover the four months before the poll.",
        "The board fined the company because it found that safety rules were broken.",
        "The board can fine a company if it finds that safety rules were broken.",
        "Labour and the Conservative Party clashed. The party says the increases are the lowest in a decade.",
    ]);
    assert_eq!(
        by_name(&qs),
        [
            ("spending limits should cover the four months before the poll", "Electoral Commission"),
            // `it` in a clause tied to its sentence is the sentence's subject; a condition is
            // no claim.
            ("safety rules were broken", "board"),
            // `the party` of an article that names several stays as written.
            ("the increases are the lowest in a decade", "party"),
        ]
    );
}

#[test]
fn one_who_was_told_is_no_speaker() {
    let qs = run(&[
        "Once in a team you will be told by the board what they expect of you.",
        "Democrats said the panel itself might be damaged by the move.",
    ]);
    assert_eq!(by_name(&qs), [("the panel itself might be damaged by the move", "Democrats")]);
}

#[test]
fn a_product_recalled_is_no_memory_told() {
    let qs = run(&[
        "Quillfire Systems recalled all 86,000 Nimbus S phones on Tuesday.",
        "The phone maker recalled its new Nimbus S handset.",
        "Ana Vell recalled that the pass had been quiet.",
    ]);
    assert_eq!(by_name(&qs), [("the pass had been quiet", "Ana Vell")]);
}

#[test]
fn a_that_after_an_infinitive_opens_a_relative_clause_inside_what_was_meant() {
    let qs = run(&[
        "Charles Kennedy says he wants to deal with policy areas that disadvantage women.",
        "Viacom agreed to install audio delay equipment at its radio stations that broadcast live programming.",
    ]);
    assert_eq!(
        by_name(&qs),
        [
            ("he wants to deal with policy areas that disadvantage women", "Charles Kennedy"),
            ("to deal with policy areas that disadvantage women", "Charles Kennedy"),
            (
                "to install audio delay equipment at its radio stations that broadcast live programming",
                "Viacom"
            ),
        ]
    );
}

#[test]
fn to_appear_is_a_view_only_with_to_or_that_and_member_states_are_no_cue() {
    let qs = run(&[
        "Ozzy Osbourne appears more than any other act in the poll.",
        "The bed seemed big enough for four.",
        "The minister appeared to suggest that the talks had failed.",
        "One of the largest EU member states objected on Monday.",
    ]);
    assert_eq!(by_name(&qs), [("to suggest that the talks had failed", "minister")]);
}

#[test]
fn it_or_they_with_no_body_named_is_the_last_speaker_that_is_no_person() {
    let qs = run(&[
        "A quarter of broadband users upload content, according to Demos.",
        "It said fast connections were changing the way people use the internet.",
        "Analysts said the findings were no surprise. They said prices would fall.",
        "It said nothing more.",
    ]);
    let names = by_name(&qs);
    assert_eq!(
        names[1],
        ("fast connections were changing the way people use the internet", "Demos"),
        "{names:#?}"
    );
    assert_eq!(names[3], ("prices would fall", "Analysts"), "{names:#?}");
    // `it` is no group of analysts.
    assert!(names.iter().all(|&(t, n)| t != "nothing more" || n != "Analysts"), "{names:#?}");
}

#[test]
fn an_award_or_a_programme_is_no_cue() {
    let qs = run(&[
        "Jamie Foxx was nominated for best supporting actor for Closer.",
        "The TV show My Family returns, and the reality show where viewers vote is back.",
        "Figures show retail sales rose in November.",
    ]);
    assert_eq!(by_mention(&qs), [("retail sales rose in November", "Figures")], "{qs:#?}");
}
