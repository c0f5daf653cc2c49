//! Text cut into pieces that a template marks up: a search snippet's matched words, the quotes
//! in a paragraph. The pieces stay text; the template escapes each one and wraps the marked
//! ones in an element, so no article text ever becomes markup.

use newsbite_model::{Analysis, Part};

/// A piece of text, marked or not; a marked piece may name who said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// Whether it is marked (a matched word, a quote).
    pub marked: bool,
    /// Who said it, for a quote whose speaker is known.
    pub speaker: Option<String>,
}

impl Piece {
    fn plain(text: &str) -> Self {
        Piece { text: text.to_string(), marked: false, speaker: None }
    }
}

/// A search snippet, whose matched words the store puts in `[` `]`, as pieces.
pub fn snippet(snippet: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = snippet;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else { break };
        if open > 0 {
            out.push(Piece::plain(&rest[..open]));
        }
        out.push(Piece { text: rest[open + 1..close].to_string(), marked: true, speaker: None });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::plain(rest));
    }
    out
}

/// The text of one part of an article as pieces, its quotes (from the analysis) marked with
/// their speakers. Overlapping or out-of-range quotes are skipped, never cut mid-character.
pub fn with_quotes(text: &str, part: Part, analysis: &Analysis) -> Vec<Piece> {
    let mut quotes: Vec<(usize, usize, Option<String>)> = analysis
        .quotes
        .iter()
        .filter(|q| q.span.part == part && q.span.start < q.span.end)
        .filter(|q| text.get(q.span.start..q.span.end).is_some())
        .map(|q| (q.span.start, q.span.end, q.speaker.as_ref().map(|s| s.name.clone())))
        .collect();
    quotes.sort_by_key(|q| (q.0, std::cmp::Reverse(q.1)));
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, speaker) in quotes {
        if start < at {
            continue;
        }
        if start > at {
            out.push(Piece::plain(&text[at..start]));
        }
        out.push(Piece { text: text[start..end].to_string(), marked: true, speaker });
        at = end;
    }
    if at < text.len() || out.is_empty() {
        out.push(Piece::plain(&text[at..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsbite_model::{Quote, QuoteKind, Span, Speaker};

    #[test]
    fn snippets_mark_their_matches() {
        let p = snippet("…the [troops] crossed the [border] at");
        let marked: Vec<&str> = p.iter().filter(|p| p.marked).map(|p| p.text.as_str()).collect();
        assert_eq!(marked, ["troops", "border"]);
        assert_eq!(
            p.iter().map(|p| p.text.as_str()).collect::<String>(),
            "…the troops crossed the border at"
        );
        assert_eq!(snippet("open [bracket"), vec![Piece::plain("open [bracket")]);
    }

    fn quote(start: usize, end: usize, who: Option<&str>) -> Quote {
        Quote {
            kind: QuoteKind::Direct,
            text: String::new(),
            span: Span { part: Part::Block(0), start, end },
            cue: None,
            speaker: who.map(|n| Speaker { mention: n.into(), name: n.into(), span: None }),
        }
    }

    #[test]
    fn quotes_are_marked_with_speakers_and_bad_spans_skipped() {
        let text = "He said “we held” and left. «Ünïcode»";
        let mut a = Analysis::default();
        let q1 = text.find('“').unwrap();
        let q1_end = text.find(" and").unwrap();
        a.quotes = vec![
            quote(q1, q1_end, Some("Ivo Marak")),
            quote(q1 + 1, q1 + 4, None), // inside the first, and not on a character boundary
            quote(0, 999, None),         // past the end
        ];
        let p = with_quotes(text, Part::Block(0), &a);
        assert_eq!(p.iter().map(|p| p.text.as_str()).collect::<String>(), text);
        let marked: Vec<&Piece> = p.iter().filter(|p| p.marked).collect();
        assert_eq!(marked.len(), 1);
        assert_eq!(marked[0].text, "“we held”");
        assert_eq!(marked[0].speaker.as_deref(), Some("Ivo Marak"));
        assert_eq!(with_quotes("x", Part::Block(1), &a), vec![Piece::plain("x")]);
    }
}
