//! Who said what: quotes and their speakers.
//!
//! Only the prose is searched (the standfirst and the body, [`Doc::prose`]): captions repeat
//! the body and headlines paraphrase it. Each paragraph is cut into tokens, its quotation marks
//! are paired (`“…”`, `"…"`, `«…»`, and `‘…’` where a paragraph has no double quotes; single
//! quotes inside double ones stay part of the quote), and it is cut into sentences that never
//! break inside a quotation. Then:
//!
//! 1. **Cues.** Words of saying, believing and reporting outside quotation marks ([`cues`]):
//!    `said`, `told`, `claims`, `warned`, `according to`, `adding`… Not a noun (`the claims`,
//!    `its own reports`, `the highest reading`) and not a passive (`was expected to`).
//! 2. **Direct quotes.** A quotation that reads as speech (four words or more, or a finished
//!    sentence) takes the cue before it in its sentence when only a colon, a comma or an object
//!    stands between (`X said: “…”`, `…, adding that it provided, “…”`), else the cue right after
//!    it (`“…,” Zelensky said`, `“…,” said one official`). With no cue, a quotation that opens a
//!    paragraph continues the previous paragraph's speaker, and a later quotation in a
//!    paragraph continues the paragraph's speaker. A quotation left open at the end of a
//!    paragraph runs on; its speaker can come from the next paragraph.
//!    Also `“…”― Pamela Padilla` (a dash and a name close the paragraph), `“…,” Scott
//!    Pruitt, the attorney general of Oklahoma, said` (a name with its apposition), and
//!    transcript lines (`PENCE: Well, …`).
//! 3. **Indirect and mixed quotes.** Every other cue with a subject yields the clause it
//!    governs: after it (`X said (that) …`, up to the end of the sentence or a `, which`), or
//!    before it when nothing follows the cue (`…, a source said.`, `…, according to X.`). It
//!    ends before another attribution joined to it (`…, and a senior officer said …`). A
//!    clause holding a quoted fragment of two words or more is mixed. The gap of a relative
//!    clause is no quote (`the battle Valdoria says was fought`, `the road, which both
//!    countries claim`). The cue keeps the words between it and its `that` (`told reporters
//!    in Carrowmere that` → cue `told reporters in Carrowmere`).
//! 4. **Speakers.** The subject is the noun phrase before the cue (skipping `last month`,
//!    `also`, `has`), after it when inverted (`said Putin`), the antecedent of `who`, or, for a
//!    participle (`adding`), the subject of its clause. It is resolved to a canonical name:
//!    a named entity inside it (`US secretary of state Anthony Blinken` → Anthony Blinken;
//!    `a report by UK publication The Standard` → The Standard), a role the entities tied to a
//!    person (`the Ukrainian leader`), the person last mentioned for `he`/`she`, or the
//!    description itself, with later descriptions of the same head noun joining the first
//!    (`an anonymous “Western official”` … `one official` … `the official`).
//!
//! **Architecture Invariant:** no regular expressions and no tables built at run time: one pass
//! of plain token scanning per paragraph, so quotes cost little next to sentence splitting.

pub(crate) mod cues;

use newsbite_model::{Entity, EntityKind, Quote, QuoteKind, Span, Speaker};
use newsbite_text::terms::is_stop_word;

use crate::doc::Role;
use crate::entities::gazetteer::{CALENDAR, HONORIFICS, ROLE_NOUNS};
use crate::entities::lex::{self, is_cap, lower_into, Kind, Tok};
use crate::entities::{self as ents, Found, Gender};
use crate::table::in_table;
use crate::Doc;
use cues::{
    CueClass, ABBREVIATIONS, BETWEEN, CUES, DETERMINERS, EDITORIAL_LABELS, LEADING, PRONOUNS, STOPS,
    TAKES_INFINITIVE, TAKES_OBJECT,
};

/// The quotes of an article, with speakers resolved against its entities.
///
/// The speakers' canonical names come from the article's own entities, found again here with
/// their positions (the `entities` given are used to name a speaker no mention covers).
pub fn quotes(doc: &Doc<'_>, entities: &[Entity]) -> Vec<Quote> {
    quotes_found(doc, &ents::find(doc), entities)
}

/// [`quotes`] with the entities already found (as [`crate::analyze`] has them).
pub(crate) fn quotes_found(doc: &Doc<'_>, found: &Found, entities: &[Entity]) -> Vec<Quote> {
    let mut st = State {
        found,
        given: entities,
        out: Vec::new(),
        descriptions: Vec::new(),
        last: None,
        current: None,
    };
    let mut prev_part: Option<usize> = None;
    let mut k = 0;
    let mut room = Room::default();
    for (pi, part) in doc.parts.iter().enumerate() {
        if !matches!(part.role, Role::Standfirst | Role::Body) {
            continue;
        }
        let toks = found.toks.get(pi).map(Vec::as_slice).unwrap_or(&[]);
        let para = Para::new(pi, part.part, k, &part.text, toks, room);
        st.paragraph(&para, prev_part.map(|_| k - 1));
        room = para.into_room();
        prev_part = Some(pi);
        k += 1;
    }
    st.finish()
}

/// One quotation: its marks and content.
#[derive(Debug, Clone, Copy)]
struct Seg {
    /// Token index of the opening mark.
    open: usize,
    /// Token index of the closing mark; none when the quotation runs past the paragraph.
    close: Option<usize>,
    /// Byte range of the content, trimmed.
    start: usize,
    end: usize,
    /// Words inside.
    words: usize,
    /// Whether it reads as speech rather than a scare quote.
    speech: bool,
}

/// A paragraph cut for attribution.
struct Para<'a> {
    /// Index of the part in the doc.
    pi: usize,
    /// The article part.
    part: newsbite_model::Part,
    /// Index of the paragraph among the prose paragraphs.
    k: usize,
    text: &'a str,
    toks: &'a [Tok],
    /// For each token, the quotation it is in (its marks included).
    seg_of: Vec<Option<usize>>,
    segs: Vec<Seg>,
    /// Sentences as token ranges.
    sents: Vec<(usize, usize)>,
    /// The tokens in lower case, one after another, and where each starts (plus the end).
    lower: String,
    lower_at: Vec<usize>,
}

/// The lists a [`Para`] fills, handed from one paragraph to the next: one set per article.
#[derive(Default)]
struct Room {
    seg_of: Vec<Option<usize>>,
    segs: Vec<Seg>,
    sents: Vec<(usize, usize)>,
    lower: String,
    lower_at: Vec<usize>,
}

impl<'a> Para<'a> {
    fn new(
        pi: usize,
        part: newsbite_model::Part,
        k: usize,
        text: &'a str,
        toks: &'a [Tok],
        room: Room,
    ) -> Self {
        let Room { mut seg_of, mut segs, mut sents, mut lower, mut lower_at } = room;
        lower.clear();
        lower_at.clear();
        let mut buf = String::new();
        for t in toks {
            let at = lower.len();
            lower_at.push(at);
            if !t.is_word() {
                continue;
            }
            let word = t.text(text);
            if word.is_ascii() {
                // What `lower_into` gives, written in place.
                lower.push_str(word);
                lower[at..].make_ascii_lowercase();
            } else {
                lower_into(word, &mut buf);
                lower.push_str(&buf);
            }
        }
        lower_at.push(lower.len());
        pair_quotes(text, toks, &mut segs, &mut seg_of);
        let mut p = Para { pi, part, k, text, toks, seg_of, segs, sents: Vec::new(), lower, lower_at };
        p.sentences_into(&mut sents);
        p.sents = sents;
        p
    }

    /// The paragraph's lists, for the next paragraph to fill.
    fn into_room(self) -> Room {
        let Para { seg_of, segs, sents, lower, lower_at, .. } = self;
        Room { seg_of, segs, sents, lower, lower_at }
    }

    fn word(&self, i: usize) -> &str {
        match (self.lower_at.get(i), self.lower_at.get(i + 1)) {
            (Some(&a), Some(&b)) => self.lower.get(a..b).unwrap_or(""),
            _ => "",
        }
    }

    fn raw(&self, i: usize) -> &'a str {
        self.toks.get(i).map(|t| t.text(self.text)).unwrap_or("")
    }

    /// Where token `i` ends without its possessive: the `’` of `minister’s`, else its end.
    fn end_before_possessive(&self, i: usize) -> usize {
        self.toks[i].start + lex::strip_possessive(self.raw(i)).0.len()
    }

    fn is_punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(c))
    }

    fn inside(&self, i: usize) -> bool {
        self.seg_of.get(i).copied().flatten().is_some()
    }

    /// Whether token `i` is in a quotation that reads as speech.
    fn in_speech(&self, i: usize) -> bool {
        self.seg_of.get(i).copied().flatten().is_some_and(|s| self.segs[s].speech)
    }

    fn sentence_of(&self, i: usize) -> (usize, usize) {
        self.sents.iter().copied().find(|&(a, b)| a <= i && i < b).unwrap_or((0, self.toks.len()))
    }

    /// Sentences that never break inside a quotation, into `out` (emptied first).
    fn sentences_into(&self, out: &mut Vec<(usize, usize)>) {
        let n = self.toks.len();
        out.clear();
        let mut from = 0;
        for i in 0..n {
            let t = self.toks[i];
            let ends = match t.kind {
                Kind::Punct('.' | '!' | '?' | '…') if !self.inside(i) => {
                    let prev = if i > 0 { self.raw(i - 1) } else { "" };
                    let abbreviation = in_table(ABBREVIATIONS, prev)
                        || prev.chars().count() == 1 && prev.chars().all(char::is_uppercase);
                    !abbreviation
                }
                Kind::Word
                    if !self.inside(i) && t.text(self.text).ends_with('.') && t.text(self.text).len() > 4 =>
                {
                    true
                }
                Kind::Punct(_) => {
                    // A closing mark after a finished sentence: `…minimal.” Next`.
                    self.seg_of[i].is_some_and(|s| {
                        self.segs[s].close == Some(i)
                            && self.text[..self.segs[s].end].ends_with(['.', '!', '?'])
                    })
                }
                _ => false,
            };
            if !ends {
                continue;
            }
            let next_starts = match self.toks.get(i + 1) {
                None => true,
                Some(n) => match n.kind {
                    Kind::Word => {
                        is_cap(n.text(self.text))
                            || n.text(self.text).starts_with(|c: char| c.is_ascii_digit())
                    }
                    Kind::Punct(c) => lex::is_open_quote(c) || c == '"' || c == '(',
                },
            };
            if next_starts {
                out.push((from, i + 1));
                from = i + 1;
            }
        }
        if from < n {
            out.push((from, n));
        }
    }
}

/// Pairs quotation marks. Gives the quotations and, for each token, the one it is in (both lists
/// emptied first).
fn pair_quotes(text: &str, toks: &[Tok], segs: &mut Vec<Seg>, seg_of: &mut Vec<Option<usize>>) {
    let has_double = toks.iter().any(|t| matches!(t.kind, Kind::Punct('“' | '”' | '"' | '«' | '»' | '„')));
    segs.clear();
    seg_of.clear();
    seg_of.resize(toks.len(), None);
    let mut open: Option<(usize, char)> = None;
    for (i, t) in toks.iter().enumerate() {
        let Kind::Punct(c) = t.kind else { continue };
        match open {
            None => {
                let opens = matches!(c, '“' | '„' | '«' | '"') || !has_double && c == '‘';
                if opens {
                    open = Some((i, c));
                }
            }
            Some((o, oc)) => {
                let closes = match oc {
                    '“' | '„' => matches!(c, '”' | '"'),
                    '«' => c == '»',
                    '"' => matches!(c, '"' | '”'),
                    '‘' => c == '’' && !text[t.end..].starts_with(char::is_alphanumeric),
                    _ => false,
                };
                if closes {
                    push_seg(text, toks, o, Some(i), segs, seg_of);
                    open = None;
                }
            }
        }
    }
    if let Some((o, _)) = open {
        push_seg(text, toks, o, None, segs, seg_of);
    }
}

fn push_seg(
    text: &str,
    toks: &[Tok],
    open: usize,
    close: Option<usize>,
    segs: &mut Vec<Seg>,
    seg_of: &mut [Option<usize>],
) {
    let raw_start = toks[open].end;
    let raw_end = close.map_or(text.len(), |c| toks[c].start);
    let Some(inner) = text.get(raw_start..raw_end) else { return };
    let lead = inner.len() - inner.trim_start().len();
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        return;
    }
    let start = raw_start + lead;
    let end = start + trimmed.len();
    let last = close.unwrap_or(toks.len().saturating_sub(1));
    let words = toks[open..=last.min(toks.len() - 1)].iter().filter(|t| t.is_word()).count();
    let finished = trimmed.ends_with(['.', ',', '!', '?', '…', '—', ':']);
    // A short title after a preposition or a possessive is no speech: `On “Face the Nation,”
    // Ryan said`, `in an interview on CBS's “Face the Nation,” Ryan said`.
    let title = words <= 5
        && close.is_some()
        && open > 0
        && toks[open - 1].is_word()
        && (matches!(toks[open - 1].text(text), "on" | "On" | "in" | "In" | "to" | "of" | "from" | "at")
            || lex::strip_possessive(toks[open - 1].text(text)).1);
    let speech = !title && (words >= 4 || finished && words >= 2 || close.is_none() && words >= 2);
    let idx = segs.len();
    segs.push(Seg { open, close, start, end, words, speech });
    for s in seg_of.iter_mut().take(last + 1).skip(open) {
        *s = Some(idx);
    }
}

/// A cue found in a paragraph.
#[derive(Debug, Clone, Copy)]
struct Cue {
    /// First and one-past-last token.
    at: usize,
    end: usize,
    class: Option<CueClass>, // none for `according to`
    /// The noun phrase right before it in its sentence ([`np_before`]), found once for both the
    /// speaker and the clause it governs; none for `according to`.
    pre: Option<Np>,
}

/// A noun phrase: token range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Np {
    from: usize,
    to: usize,
    /// End of the head (before an apposition or a bracket).
    head: usize,
}

/// A resolved speaker while a paragraph is read.
#[derive(Debug, Clone)]
struct Who {
    mention: String,
    name: String,
    span: Option<Span>,
    person: bool,
}

struct State<'e> {
    found: &'e Found,
    given: &'e [Entity],
    out: Vec<(usize, Quote, bool)>, // (paragraph index, quote, left open)
    /// Descriptions used as speakers: (head noun, canonical name).
    descriptions: Vec<(String, String)>,
    /// The last speaker and the paragraph it spoke in, set when a paragraph ends.
    last: Option<(usize, Who)>,
    /// The last speaker of the paragraph being read, so far.
    current: Option<Who>,
}

impl State<'_> {
    fn paragraph(&mut self, p: &Para<'_>, prev_k: Option<usize>) {
        let cues = self.cues(p);
        let mut used = vec![false; cues.len()];
        let mut subjects: Vec<Option<Who>> = vec![None; cues.len()];
        self.current = None;
        let mut direct_ranges: Vec<(usize, usize)> = Vec::new(); // token ranges of direct quotes
        let carried = match (&self.last, prev_k) {
            (Some((k, who)), Some(pk)) if *k == pk => Some(who.clone()),
            _ => None,
        };
        // A transcript line: `PENCE: Well, look, …`.
        if let Some((np, from)) = transcript_speaker(p) {
            if let (Some(who), Some(last)) = (self.resolve(p, np), p.toks.last()) {
                let start = p.toks[from].start;
                self.push(p, QuoteKind::Direct, start, last.end, None, Some(who.clone()), false);
                self.last = Some((p.k, who));
                return;
            }
        }

        // Direct quotes.
        for (si, seg) in p.segs.iter().enumerate() {
            if !seg.speech {
                continue;
            }
            let (s0, s1) = p.sentence_of(seg.open);
            let last_tok = seg.close.unwrap_or(p.toks.len().saturating_sub(1));
            // The cue before, with only an object, a colon or a comma between.
            let before = cues.iter().enumerate().rev().find(|(_, c)| c.end <= seg.open && c.at >= s0);
            let mut chosen: Option<usize> = None;
            // A speaker read off the quotation's surroundings rather than from a cue's subject.
            let mut named: Option<Who> = None;
            let mut mixed = false;
            if let Some((ci, c)) = before {
                let between_speech = (c.end..seg.open).any(|i| p.in_speech(i));
                if !between_speech {
                    let gap_last = seg.open.checked_sub(1).filter(|&g| g >= c.end);
                    let direct = match gap_last {
                        None => true,
                        Some(g) => {
                            p.is_punct(g, ',') || p.is_punct(g, ':') || p.word(g) == "that" && g == c.end
                        }
                    };
                    if direct && seg.open - c.end <= 16 {
                        chosen = Some(ci);
                    } else {
                        mixed = true;
                    }
                }
            }
            if mixed && chosen.is_none() {
                continue; // the cue's clause holds it: a mixed quote
            }
            // The cue after: `“…,” Zelensky said`, `“…,” said one official`.
            if chosen.is_none() {
                if let Some(close) = seg.close {
                    let mut a = close + 1;
                    if p.is_punct(a, ',') {
                        a += 1;
                    }
                    // `“…?” Clinton said.`: a quotation that ends its sentence takes the cue
                    // of the next one.
                    let s1 = if a >= s1 { p.sentence_of(a).1 } else { s1 };
                    // A name with a long apposition reaches further: `'' Leonard E. Burman,
                    // director of the … Center and a professor at …, said`.
                    let reach = if is_cap(p.raw(a)) && (a..(a + 8).min(s1)).any(|i| p.is_punct(i, ',')) {
                        40
                    } else {
                        12
                    };
                    let limit = (a + reach).min(s1.max(a));
                    if let Some((ci, _)) = cues
                        .iter()
                        .enumerate()
                        .find(|(_, c)| c.at >= a && c.at < limit && c.class != Some(CueClass::Participle))
                    {
                        // Only a subject may stand between.
                        let c = cues[ci];
                        let gap_ok = (a..c.at).all(|i| {
                            let dot_ok = p.is_punct(i, '.') && i > 0 && {
                                let prev = p.raw(i - 1);
                                in_table(ABBREVIATIONS, prev)
                                    || prev.chars().count() == 1
                                    || p.is_punct(i + 1, ')')
                            };
                            let bracket = matches!(p.toks[i].kind, Kind::Punct('(' | ')' | '-'));
                            !p.inside(i)
                                && (dot_ok
                                    || bracket
                                    || !matches!(p.toks[i].kind, Kind::Punct(',' | ';' | ':' | '.')))
                        });
                        // `“…,” Scott Pruitt, the attorney general of Oklahoma, said`: a name
                        // and its apposition.
                        let apposition = !gap_ok
                            && is_cap(p.raw(a))
                            && np_before(p, c.at, s0.min(a)).is_some_and(|np| np.from == a);
                        if gap_ok || apposition {
                            chosen = Some(ci);
                        } else if is_cap(p.raw(a)) && !(a..c.at).any(|i| p.inside(i)) {
                            // A name, then appositions the walk back from the cue does not
                            // cross: `“…,” Scott Pruitt, the attorney general of Oklahoma, one
                            // of the states suing the EPA, said`. The name speaks.
                            let name = np_after(p, a, c.at).filter(|np| p.is_punct(np.to, ','));
                            if let Some(who) = name.and_then(|np| self.resolve(p, np)) {
                                chosen = Some(ci);
                                named = Some(who);
                            }
                        }
                    }
                    // `“…”― Pamela Padilla`: a dash and a name end the paragraph.
                    if chosen.is_none()
                        && matches!(p.toks.get(a).map(|t| t.kind), Some(Kind::Punct('―' | '—' | '–' | '-')))
                    {
                        if let Some(np) = np_after(p, a + 1, p.toks.len()) {
                            let rest_empty = (np.to..p.toks.len()).all(|i| !p.toks[i].is_word());
                            if rest_empty && is_cap(p.raw(np.from)) {
                                named = self.resolve(p, np);
                            }
                        }
                    }
                }
            }
            let who = match chosen {
                _ if named.is_some() => {
                    if let Some(ci) = chosen {
                        used[ci] = true;
                    }
                    named.take()
                }
                Some(ci) => {
                    used[ci] = true;
                    self.subject_kept(p, &cues, ci, &mut subjects)
                }
                None => {
                    // No cue: the paragraph's speaker, or the previous paragraph's when the
                    // quotation opens the paragraph.
                    if let Some(w) = &self.current {
                        // The same paragraph: the mention is right there.
                        Some(w.clone())
                    } else if seg.open == 0 {
                        carried.as_ref().map(|w| Who { span: None, ..w.clone() })
                    } else if let Some((ci, _)) = before {
                        // A quotation after another in its cue's clause: `He’s claiming that
                        // fraud is “a big problem” but “nobody has the guts …”`.
                        self.subject_kept(p, &cues, ci, &mut subjects)
                    } else if let Some(ci) = cues
                        .iter()
                        .rposition(|c| c.end <= seg.open && c.class.is_some())
                        .filter(|&ci| p.sentence_of(cues[ci].at).1 <= seg.open)
                    {
                        // `DuVernay said she felt …. “We have no context …”`: the speaker of
                        // the paragraph's last cue before it, in an earlier sentence.
                        self.subject_kept(p, &cues, ci, &mut subjects)
                    } else {
                        None
                    }
                }
            };
            if chosen.is_none() && who.is_none() && seg.words < 6 {
                continue;
            }
            let _ = si;
            let cue = chosen.map(|ci| self.cue_text(p, &cues[ci]));
            if let Some(w) = &who {
                self.current = Some(w.clone());
            }
            direct_ranges.push((seg.open, last_tok + 1));
            self.push(p, QuoteKind::Direct, seg.start, seg.end, cue, who, seg.close.is_none());
        }

        // Indirect and mixed quotes.
        for ci in 0..cues.len() {
            if used[ci] || in_relative_gap(p, &cues[ci]) {
                continue;
            }
            let Some(content) = self.content(p, &cues, ci) else { continue };
            // `The article cites an anonymous “Western official”`: a source, not what it said.
            if matches!(p.word(cues[ci].at), "cites" | "cited" | "citing" | "cite" | "quoted" | "quoting")
                && names_a_source(p, content)
            {
                continue;
            }
            let content = match direct_ranges.iter().find(|&&(a, b)| content.0 < b && a < content.1) {
                None => content,
                Some(&(quote, _)) => match clause_before_quote(p, content.0, quote) {
                    Some(r) => r,
                    None => continue,
                },
            };
            let Some(who) = self.subject_kept(p, &cues, ci, &mut subjects) else { continue };
            let (from, to) = before_joined_attribution(p, &cues, content);
            let start = p.toks[from].start;
            let end = p.toks[to - 1].end;
            let mixed = (from..to).filter_map(|i| p.seg_of[i]).any(|s| p.segs[s].words >= 2);
            let kind = if mixed { QuoteKind::Mixed } else { QuoteKind::Indirect };
            let cue = Some(cue_with_complement(p, &cues[ci], from));
            self.current = Some(who.clone());
            self.push(p, kind, start, end, cue, Some(who), false);
        }
        if let Some(w) = self.current.clone() {
            self.last = Some((p.k, w));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        p: &Para<'_>,
        kind: QuoteKind,
        start: usize,
        end: usize,
        cue: Option<String>,
        who: Option<Who>,
        open: bool,
    ) {
        let Some(text) = p.text.get(start..end) else { return };
        let speaker = who.map(|w| Speaker { mention: w.mention, name: w.name, span: w.span });
        let quote =
            Quote { kind, text: text.to_string(), span: Span { part: part_of(p), start, end }, cue, speaker };
        self.out.push((p.k, quote, open));
    }

    fn finish(mut self) -> Vec<Quote> {
        // A quotation left open takes the speaker of the one that continues it.
        for i in 0..self.out.len() {
            if self.out[i].1.speaker.is_none() && self.out[i].2 {
                let k = self.out[i].0;
                let next =
                    self.out[i + 1..].iter().find(|(nk, q, _)| *nk == k + 1 && q.kind == QuoteKind::Direct);
                if let Some(s) = next.and_then(|(_, q, _)| q.speaker.clone()) {
                    self.out[i].1.speaker = Some(Speaker { span: None, ..s });
                }
            }
        }
        self.out.sort_by_key(|(k, q, _)| (*k, q.span.start));
        self.out.into_iter().map(|(_, q, _)| q).collect()
    }

    fn cue_text(&self, p: &Para<'_>, c: &Cue) -> String {
        let start = p.toks[c.at].start;
        let end = p.toks[c.end - 1].end;
        p.text.get(start..end).unwrap_or("").to_string()
    }

    /// The cues of a paragraph, outside quotations.
    fn cues(&mut self, p: &Para<'_>) -> Vec<Cue> {
        let mut out = Vec::new();
        for i in 0..p.toks.len() {
            if !p.toks[i].is_word() || p.inside(i) {
                continue;
            }
            let w = p.word(i);
            if w == "according" && p.word(i + 1) == "to" {
                out.push(Cue { at: i, end: i + 2, class: None, pre: None });
                continue;
            }
            // `As Lind put it, “…”`
            if matches!(w, "put" | "puts") && p.word(i + 1) == "it" && !p.inside(i + 1) {
                let pre = np_before(p, i, p.sentence_of(i).0);
                out.push(Cue { at: i, end: i + 2, class: Some(CueClass::Report), pre });
                continue;
            }
            let Some(mut class) = cue_class(w) else { continue };
            // `the United States` is no cue; `Said Ellis: “…”` at a sentence start is.
            let sentence_start =
                i == 0 || matches!(p.toks[i - 1].kind, Kind::Punct('.' | '!' | '?')) && !p.inside(i - 1);
            if is_cap(p.raw(i)) && !sentence_start {
                continue;
            }
            // To see is a view only as `sees that …` or `sees X as …`: `the crowd saw Tallon
            // take control` tells what happened.
            if matches!(w, "see" | "sees" | "saw") {
                let s1 = p.sentence_of(i).1;
                let view = p.word(i + 1) == "that" || (i + 2..(i + 9).min(s1)).any(|k| p.word(k) == "as");
                if !view {
                    continue;
                }
            }
            // To appear or seem is a view only as `appears to …` or `seems that …`: `appears
            // more than any other act` tells where.
            if matches!(w, "appears" | "appeared" | "seems" | "seemed")
                && !matches!(p.word(i + 1), "to" | "that")
            {
                continue;
            }
            // `member states`, `Baltic states`: the noun, not the verb.
            if w == "states"
                && i > 0
                && matches!(
                    p.word(i - 1),
                    "member"
                        | "nation"
                        | "baltic"
                        | "gulf"
                        | "arab"
                        | "island"
                        | "neighbouring"
                        | "neighboring"
                        | "other"
                )
            {
                continue;
            }
            // `best supporting actress`, `a supporting role`: an award or a part, not a backing.
            if w == "supporting"
                && matches!(
                    p.word(i + 1),
                    "actor" | "actors" | "actress" | "actresses" | "role" | "roles" | "cast"
                )
            {
                continue;
            }
            // `the TV show My Family`, `a reality show where …`: the noun, not the verb.
            if matches!(w, "show" | "shows")
                && i > 0
                && matches!(
                    p.word(i - 1),
                    "tv" | "television"
                        | "radio"
                        | "reality"
                        | "chat"
                        | "talk"
                        | "game"
                        | "quiz"
                        | "comedy"
                        | "music"
                        | "stage"
                        | "road"
                        | "trade"
                        | "motor"
                        | "fashion"
                        | "breakfast"
                        | "cookery"
                        | "favourite"
                        | "favorite"
                        | "award"
                        | "awards"
                        | "hit"
                )
            {
                continue;
            }
            // A product recalled is not a memory told: `recalled all 86,000 phones`, `recalls its
            // new handset`.
            if w.starts_with("recall") {
                let next = p.word(i + 1);
                let amount = next.starts_with(|c: char| c.is_ascii_digit())
                    || matches!(
                        next,
                        "all"
                            | "its"
                            | "their"
                            | "some"
                            | "about"
                            | "nearly"
                            | "around"
                            | "more"
                            | "thousands"
                            | "millions"
                            | "hundreds"
                    );
                if amount {
                    continue;
                }
            }
            // A progressive: `Trump is demanding`, `she has been stressing`.
            if class == CueClass::Participle && is_progressive(p, i) {
                class = CueClass::Report;
            }
            // Nouns and infinitives: `the claims`, `declined to say`.
            if i > 0 {
                let prev = p.word(i - 1);
                // A passive speaks for no one it names: `the river was expected to fall`.
                let passive = is_be_spelled(prev) && (w.ends_with("ed") || w == "told");
                // `the highest reading since records began`: a noun after an adjective.
                let superlative = prev.len() > 4 && prev.ends_with("est") && w.ends_with("ing");
                // `its profit forecast`, `its compensation claim`: after a singular noun that an
                // owner's word opens, the bare form of a word that also names a statement is
                // that noun (`its makers claim that …` is a verb after a plural).
                let compound = i > 1
                    && matches!(w, "forecast" | "estimate" | "report" | "claim" | "promise")
                    && matches!(p.word(i - 2), "its" | "their" | "his" | "her" | "our" | "my" | "your")
                    && !prev.ends_with('s')
                    && !in_table(ROLE_NOUNS, prev);
                // `the phone’s charging port`: a participle after an owner is a noun's modifier.
                let owned = class == CueClass::Participle && lex::strip_possessive(p.raw(i - 1)).1;
                // `the brigade’s own reports` (but `Trump’s claim that …` is an attribution).
                if in_table(DETERMINERS, prev) && prev != "one"
                    || owned
                    || passive
                    || superlative
                    || compound
                    || matches!(
                        prev,
                        "to" | "of" | "no" | "such" | "conflicting" | "his" | "her" | "whose" | "own"
                    )
                {
                    continue;
                }
            }
            let pre = np_before(p, i, p.sentence_of(i).0);
            // `if it finds that safety rules were broken`: a condition, not a claim.
            if pre.is_some_and(|np| np.from > 0 && matches!(p.word(np.from - 1), "if" | "unless")) {
                continue;
            }
            out.push(Cue { at: i, end: i + 1, class: Some(class), pre });
        }
        out
    }

    /// The speaker of cue `ci`, found once and kept in `subjects`.
    fn subject_kept(
        &mut self,
        p: &Para<'_>,
        cues: &[Cue],
        ci: usize,
        subjects: &mut [Option<Who>],
    ) -> Option<Who> {
        if subjects[ci].is_none() {
            subjects[ci] = self.subject(p, cues, ci, subjects);
        }
        subjects[ci].clone()
    }

    /// The speaker of cue `ci`: the one already found, else found now.
    fn subject_known(&mut self, p: &Para<'_>, cues: &[Cue], ci: usize, known: &[Option<Who>]) -> Option<Who> {
        known[ci].clone().or_else(|| self.subject(p, cues, ci, known))
    }

    /// The speaker of cue `ci`.
    fn subject(&mut self, p: &Para<'_>, cues: &[Cue], ci: usize, known: &[Option<Who>]) -> Option<Who> {
        let c = cues[ci];
        let (s0, s1) = p.sentence_of(c.at);
        match c.class {
            None => {
                // `according to X`
                let np = np_after_with(p, c.end, s1, true)?;
                self.resolve(p, np)
            }
            Some(CueClass::Participle) => {
                // A name right before it: `footage of Hillary Clinton asking, “…”`.
                if c.at > s0 + 1
                    && p.toks[c.at - 1].is_word()
                    && is_cap(p.raw(c.at - 1))
                    && !p.inside(c.at - 1)
                {
                    if let Some(np) = c.pre {
                        return self.resolve(p, np);
                    }
                }
                // The subject of the clause: the previous cue in the sentence, else the
                // sentence's first noun phrase. A cue in a relative clause has another subject
                // (`Trump was defensive about an architect who said …, saying, “…”`).
                let relative = |j: usize| cues[j].at > 0 && matches!(p.word(cues[j].at - 1), "who" | "which");
                // Nor a noun's owner (`rejected the minister’s claim that …, saying …`).
                if let Some(prev) = verb_before(p, cues, ci, s0).filter(|&j| !relative(j)) {
                    let w = self.subject_known(p, cues, prev, known);
                    if w.is_some() {
                        return w;
                    }
                }
                // Past a quotation that opens the sentence (`“…,” Blige sings before asking`),
                // else past an opening phrase (`In a statement, the group said …, adding`).
                let mut from = s0;
                while from < c.at && (p.inside(from) || p.is_punct(from, ',')) {
                    from += 1;
                }
                // An opening phrase of time or circumstance: `Earlier this month, lawyers for
                // both … filed papers opposing …`.
                let first = p.word(s0);
                let opener = is_preposition(first)
                    || is_subordinator(first)
                    || opens_participle_phrase(p, s0)
                    || first.ends_with("ly")
                    || is_time_word(first)
                    || in_table(CALENDAR, p.raw(s0));
                if from == s0 && opener {
                    from = (s0..c.at).find(|&i| p.is_punct(i, ',')).map_or(c.at, |i| i + 1);
                } else if from == s0 && p.is_punct(s0 + 1, ',') && s0 + 2 < c.at {
                    // `Worse, the companies …`, `Still, she …`
                    from = s0 + 2;
                }
                let np = np_after(p, from, c.at)?;
                self.resolve(p, np)
            }
            Some(class) => {
                if let Some(np) = c.pre {
                    if let Some(w) = self.outer_speaker(p, cues, ci, np, known) {
                        return Some(w);
                    }
                    return self.resolve(p, np);
                }
                // A second verb of the clause: `She urges him to stop and repeatedly says`,
                // `Roberts said … but said “…”`.
                let mut j = c.at;
                while j > s0 && (in_table(BETWEEN, p.word(j - 1)) || is_adverb(p.word(j - 1))) {
                    j -= 1;
                }
                if j > s0 && matches!(p.word(j - 1), "and" | "but") && !p.inside(j - 1) {
                    // Not a noun's (`rejected the minister’s claim that …, and said`).
                    if let Some(prev) = verb_before(p, cues, ci, s0) {
                        return self.subject_known(p, cues, prev, known);
                    }
                    let np = np_after(p, s0, j - 1)?;
                    return self.resolve(p, np);
                }
                if class == CueClass::Say {
                    if let Some(np) = inverted_subject(p, c.end, s1) {
                        return self.resolve(p, np);
                    }
                }
                // `The officer, who spoke on condition of anonymity, said …`: the sentence's
                // subject, before an aside set off by commas that the walk back does not cross.
                if c.at > s0 && p.is_punct(c.at - 1, ',') {
                    if let Some(np) = np_after(p, s0, c.at).filter(|np| p.is_punct(np.to, ',')) {
                        return self.resolve(p, np);
                    }
                }
                None
            }
        }
    }

    /// `residents said they wanted …`, `Lind said she believed …`: a pronoun that opens what the
    /// sentence's previous cue governs is that cue's speaker, when it fits them (`they` a group
    /// or a body, `he` and `she` a person of no other gender). `None` when it is not so.
    fn outer_speaker(
        &mut self,
        p: &Para<'_>,
        cues: &[Cue],
        ci: usize,
        np: Np,
        known: &[Option<Who>],
    ) -> Option<Who> {
        let pronoun = p.word(np.from);
        if np.to - np.from != 1 || !matches!(pronoun, "they" | "he" | "she") {
            return None;
        }
        let j = ci.checked_sub(1)?;
        let outer = cues[j];
        let opens = outer.end == np.from || outer.end + 1 == np.from && p.word(outer.end) == "that";
        if !opens || outer.class.is_none() || p.sentence_of(outer.at) != p.sentence_of(np.from) {
            return None;
        }
        let w = self.subject_known(p, cues, j, known)?;
        // A pronoun only continues itself (`he said he …`; `I said he …` is someone else).
        let outer_word = w.mention.split(' ').next().unwrap_or("").to_lowercase();
        let fits = if in_table(PRONOUNS, &outer_word) {
            outer_word == pronoun
        } else {
            // A named person fits `he` or `she` when the article tells their gender; a
            // description (`the prime minister`) when it is one of a person.
            let named = self.found.ents.iter().find(|e| e.name == w.name);
            let fits_person = |g: Gender| w.person && named.is_none_or(|e| e.gender() == Some(g));
            match pronoun {
                "they" => !w.person || w.mention.ends_with('s'),
                "he" => fits_person(Gender::Male),
                _ => fits_person(Gender::Female),
            }
        };
        if !fits {
            return None;
        }
        let start = p.toks[np.from].start;
        let end = p.toks[np.from].end;
        let span = Some(Span { part: part_of(p), start, end });
        Some(Who { mention: p.text.get(start..end)?.to_string(), span, ..w })
    }

    /// The clause a cue governs, as a token range. In a clause a subordinator opens (`When
    /// Clinton noted that …, he …`), it ends at that clause's comma.
    fn content(&self, p: &Para<'_>, cues: &[Cue], ci: usize) -> Option<(usize, usize)> {
        let (from, to) = self.governed(p, cues, ci)?;
        let at = cues[ci].at;
        let (s0, _) = p.sentence_of(at);
        let comma = |i: usize| p.is_punct(i, ',') && !p.inside(i);
        if is_subordinator(p.word(s0)) && !(s0..at).any(comma) && from > at {
            if let Some(end) = (from..to).find(|&i| comma(i)) {
                return trim_range(p, from, end);
            }
        }
        Some((from, to))
    }

    /// [`Self::content`] before a subordinate clause is cut.
    fn governed(&self, p: &Para<'_>, cues: &[Cue], ci: usize) -> Option<(usize, usize)> {
        let c = cues[ci];
        let (s0, s1) = p.sentence_of(c.at);
        let mut after = c.end;
        match c.class {
            None => {
                // `according to X, …` or `…, according to X.`
                let np = np_after_with(p, c.end, s1, true);
                let np_end = np.map_or(c.end, |n| n.to);
                if p.is_punct(np_end, ',') {
                    if let Some(r) = clause_after(p, np_end + 1, s1) {
                        return Some(r);
                    }
                }
                // `According to a 52-count complaint filed by the SEC, the developers …`: a
                // source too long for a noun phrase still ends at the sentence's first comma.
                if c.at == s0 {
                    let comma = (np_end..(c.end + 30).min(s1)).find(|&i| p.is_punct(i, ',') && !p.inside(i));
                    if let Some(r) = comma.and_then(|i| clause_after(p, i + 1, s1)) {
                        return Some(r);
                    }
                }
                clause_before(p, c.at, s0)
            }
            Some(class) => {
                // Inverted subject after a `said`: skip it.
                let pre = c.pre;
                if pre.is_none() && class == CueClass::Say {
                    if let Some(np) = inverted_subject(p, c.end, s1) {
                        after = np.to;
                    }
                }
                // Time words after the cue: `said Friday afternoon`, `said last week`.
                while after < s1
                    && !p.inside(after)
                    && (in_table(CALENDAR, p.raw(after))
                        || is_time_word(p.word(after))
                        || p.word(after) == "on" && in_table(CALENDAR, p.raw(after + 1)))
                {
                    after += 1;
                }
                // `called for …`, `referring to …`: the particle belongs to the cue.
                if matches!(
                    (p.word(c.at), p.word(after)),
                    ("called" | "calls" | "calling" | "call", "for" | "on")
                        | ("referring" | "pointed" | "points", "to")
                        | ("talking" | "talked" | "asked" | "warned" | "worried", "about")
                ) {
                    after += 1;
                }
                // `that` soon after: `said in a statement that`, `told reporters that`; further
                // after a prepositional phrase (`said during a rally in Michigan that`).
                let reach = if is_preposition(p.word(after)) { 16 } else { 7 };
                // A title in quotation marks counts as one word (`tells MSNBC’s “Morning Joe”
                // on Friday that`).
                let title =
                    (after..(after + reach + 8).min(s1)).filter(|&q| p.inside(q) && !p.in_speech(q)).count();
                let w = p.word(c.at);
                // A verb that takes no object has no noun phrase before its `that`: in `Lynch
                // said the nonstop demands that come with …`, the `that` opens a relative clause
                // inside the content.
                let object_first = !in_table(TAKES_OBJECT, w)
                    && matches!(p.word(after), "the" | "a" | "an" | "his" | "her" | "its" | "their" | "our");
                // Nor does an infinitive: in `wants to deal with policy areas that disadvantage
                // women`, what is wanted is all of it.
                let infinitive_first = p.word(after) == "to" && in_table(TAKES_INFINITIVE, w);
                let mut that = None;
                let end = if object_first || infinitive_first {
                    after
                } else {
                    (after + reach + title.saturating_sub(1)).min(s1)
                };
                for q in after..end {
                    // Through a short title in quotation marks (`told MSNBC's "Morning Joe" that`)
                    // and, after a preposition, commas (`says at a stop in Toledo, Ohio, that`).
                    let passable = p.inside(q) && !p.in_speech(q) || reach > 7 && p.is_punct(q, ',');
                    if !passable && (p.inside(q) || matches!(p.toks[q].kind, Kind::Punct(_))) {
                        break;
                    }
                    // Not a `that` that ends the clause (`said the test could change that`):
                    // a clause follows it, and no verb stands before it.
                    if p.word(q) == "that" {
                        let clause_follows = q + 2 < s1 && !p.is_punct(q + 1, '.');
                        let no_verb = (after..q).all(|k| !is_modal(p.word(k)) && !is_be(p.word(k)));
                        // `found no evidence that any fighting took place`: what was found is
                        // the denial; the clause after `that` alone says the opposite.
                        let denied =
                            (after..q).any(|k| matches!(p.word(k), "no" | "not" | "never" | "little"));
                        if clause_follows && no_verb && !denied {
                            that = Some(q);
                        }
                        break;
                    }
                }
                if let Some(t) = that {
                    after = t + 1;
                    while after < s1 && p.is_punct(after, ',') {
                        after += 1;
                    }
                } else if p.is_punct(after, ',')
                    && pre.is_some()
                    && p.toks.get(after + 1).is_some_and(|t| t.is_word())
                {
                    // `In office, Mr. Obama said, a majority of Americans …`: the clause after,
                    // unless it only goes on (`…, he said, and …`) after a clause of its own.
                    let goes_on = matches!(
                        p.word(after + 1),
                        "and" | "but" | "or" | "so" | "which" | "who" | "adding" | "while"
                    );
                    let first = p.word(past_conjunctions(p, s0, c.at));
                    let before_is_adverbial = is_preposition(first)
                        || matches!(
                            first,
                            "when"
                                | "while"
                                | "since"
                                | "if"
                                | "although"
                                | "though"
                                | "because"
                                | "once"
                                | "until"
                        );
                    // `Climate change, Mr. Obama often says, is the greatest threat`: the cue
                    // sits inside its clause, which is the whole sentence.
                    let next = p.word(after + 1);
                    let inside_clause = is_modal(next)
                        || matches!(next, "is" | "are" | "was" | "were" | "has" | "have" | "had");
                    let opener = pre.map_or(c.at, |n| n.from);
                    if inside_clause && !before_is_adverbial && opener > s0 && p.is_punct(opener - 1, ',') {
                        let front = (s0..opener - 1).all(|i| !p.is_punct(i, ',') || p.inside(i));
                        if front {
                            if let Some(r) = trim_range(p, s0, s1) {
                                return Some(r);
                            }
                        }
                    }
                    if !goes_on && (before_is_adverbial || pre.is_some_and(|n| n.from == s0)) {
                        if let Some(r) = clause_after(p, after + 1, s1) {
                            if r.1 - r.0 >= 4 {
                                return Some(r);
                            }
                        }
                    }
                } else if in_table(TAKES_OBJECT, w)
                    && matches!(w, "told" | "tells" | "telling" | "tell" | "asked" | "asks")
                {
                    // `told his advisers to …`: the object and what follows, unless it only
                    // leads to a quotation (`told a news conference, “…”`) or is only the object
                    // and a time (`…, Graham told The Huffington Post on Thursday.`).
                    let only_object = np_after(p, after, s1).is_some_and(|obj| {
                        (obj.to..s1).all(|i| {
                            !p.toks[i].is_word()
                                || in_table(CALENDAR, p.raw(i))
                                || is_time_word(p.word(i))
                                || matches!(p.word(i), "on" | "in")
                        })
                    });
                    if let Some(r) = clause_after(p, after, s1).filter(|_| !only_object) {
                        let leads_to_quote = p.is_punct(r.1, ',') || p.is_punct(r.1, ':');
                        if r.1 - r.0 >= 4 && !leads_to_quote && !(r.0..r.1).any(|i| p.in_speech(i)) {
                            return Some(r);
                        }
                    }
                    // `told the forum he was “totally against the war”`: the clause after the
                    // object, when a subject opens it.
                    let subject = (after + 1..(after + 5).min(s1))
                        .take_while(|&q| p.toks[q].is_word() && !p.inside(q))
                        .find(|&q| matches!(p.word(q), "he" | "she" | "they" | "we" | "i"));
                    if let Some(r) = subject.and_then(|q| clause_after(p, q, s1)) {
                        return Some(r);
                    }
                    return if pre.is_some() {
                        clause_before(p, pre.map_or(c.at, |n| n.from), s0)
                    } else {
                        None
                    };
                }
                let infinitive = p.word(after) == "to" && in_table(TAKES_INFINITIVE, w);
                let starts_clause = infinitive
                    || that.is_some()
                    || counts_about(p, after)
                    || p.toks.get(after).is_some_and(|t| match t.kind {
                        Kind::Word => !matches!(
                            p.word(after),
                            "in" | "on"
                                | "at"
                                | "during"
                                | "after"
                                | "before"
                                | "from"
                                | "to"
                                | "for"
                                | "with"
                                | "about"
                                | "of"
                                | "by"
                                | "as"
                                | "and"
                                | "but"
                                | "so"
                        ),
                        Kind::Punct(c) => lex::is_open_quote(c) || c == '"',
                    });
                // `said after the convention he would …`: past a short prepositional phrase to
                // the clause's subject.
                if !starts_clause && that.is_none() && is_preposition(p.word(after)) {
                    let subject = (after + 1..(after + 7).min(s1)).find(|&q| {
                        matches!(p.word(q), "he" | "she" | "they" | "it" | "we" | "i") && !p.inside(q)
                    });
                    if let Some(q) = subject {
                        if (after..q).all(|i| p.toks[i].is_word()) {
                            return clause_after(p, q, s1);
                        }
                    }
                }
                if after < s1 && starts_clause {
                    if let Some(r) = clause_after(p, after, s1) {
                        return Some(r);
                    }
                }
                // Cue at the end: `…, a source said.`
                let from = match pre {
                    Some(np) => np.from,
                    None => c.at,
                };
                let rest_empty =
                    (after..s1).all(|i| matches!(p.toks[i].kind, Kind::Punct(_))) || p.is_punct(after, ',');
                if rest_empty {
                    return clause_before(p, from, s0);
                }
                None
            }
        }
    }

    /// A speaker from a noun phrase.
    fn resolve(&mut self, p: &Para<'_>, np: Np) -> Option<Who> {
        let start = p.toks[np.from].start;
        // `I've`: the pronoun as written.
        let (first, end) = match contracted_pronoun(p.word(np.from)) {
            Some(base) if np.to - np.from == 1 => (base, start + base.len()),
            // `the minister’s claim that …`: the minister.
            _ => (p.word(np.from), p.end_before_possessive(np.to - 1)),
        };
        let mention = p.text.get(start..end)?.to_string();
        let span = Some(Span { part: part_of(p), start, end });
        // `The board can fine a company … if it finds that …`: `it` or `they` opening a clause
        // that a subordinator ties to its sentence is that sentence's subject, a description of
        // the same number (`the board`, `the monitors`), before any name further back.
        if np.to - np.from == 1 && matches!(first, "it" | "they") && np.from > 0 {
            let (s0, _) = p.sentence_of(np.from);
            let subject = np_after(p, s0, np.from).filter(|s| {
                let head = p.raw(s.head - 1);
                s.head < np.from
                    && p.word(s.from) == "the"
                    && !is_cap(head)
                    && head.ends_with('s') == (first == "they")
                    && is_subordinator(p.word(np.from - 1))
            });
            if let Some(w) = subject.and_then(|s| self.resolve(p, s)) {
                return Some(Who { mention, span, ..w });
            }
        }
        // Pronouns and `who`.
        if np.to - np.from == 1 && (in_table(PRONOUNS, first) || first == "who") {
            let name = match first {
                "he" => self.nearest(p, start, |e| {
                    e.kind == EntityKind::Person && e.gender() != Some(Gender::Female)
                }),
                "she" => self
                    .nearest(p, start, |e| e.kind == EntityKind::Person && e.gender() != Some(Gender::Male)),
                "it" | "they" => self
                    .nearest(p, start, |e| e.kind == EntityKind::Organisation)
                    .or_else(|| self.last_body(p, first == "it")),
                _ => None,
            };
            let person = matches!(first, "he" | "she" | "i");
            return Some(Who { name: name.unwrap_or_else(|| mention.clone()), mention, span, person });
        }
        // The head of the phrase: before an apposition, before `quoted by`, after `report by`.
        let mut head = Np { from: np.from, to: np.head, head: np.head };
        for i in head.from..head.to {
            if p.word(i) == "by" && i > head.from {
                if matches!(
                    p.word(i - 1),
                    "quoted" | "cited" | "interviewed" | "contacted" | "employed" | "hired" | "appointed"
                ) {
                    head = Np { from: head.from, to: i - 1, head: i - 1 };
                } else if i + 1 < head.to {
                    head = Np { from: i + 1, to: head.to, head: head.to };
                }
                break;
            }
        }
        // `the electoral commission early today`: a time after the name is no part of it; nor
        // is a participle after the noun (`a survey published today`).
        while head.to - head.from > 1 && {
            let w = p.word(head.to - 1);
            matches!(w, "today" | "tonight" | "yesterday" | "early" | "late" | "earlier" | "later")
                || in_table(CALENDAR, p.raw(head.to - 1))
                || w.len() > 4
                    && w.ends_with("ed")
                    && p.raw(head.to - 1) == w
                    && !in_table(DETERMINERS, p.word(head.to - 2))
                    && !in_table(PRONOUNS, p.word(head.to - 2))
        } {
            head.to -= 1;
            head.head = head.to;
        }
        let hs = p.toks[head.from].start;
        let he = p.end_before_possessive(head.to - 1);
        // A named entity that ends the head (`NATO chief Mark Rutte`), not one that modifies
        // it (`Russian news agencies`).
        // A name in the head, not after a preposition (`Opposition deputies in Carrowmere`,
        // `the head of Sony Pictures`: the head is the noun before it). One who speaks `for` a
        // body speaks as the body (`a spokesman for the Pentagon`).
        let heads = |m: &&ents::Mention| {
            let after_preposition = || {
                p.toks.binary_search_by_key(&m.start, |t| t.start).is_ok_and(|k| {
                    let mut b = k;
                    while b > head.from && in_table(DETERMINERS, p.word(b - 1)) {
                        b -= 1;
                    }
                    b > head.from && is_preposition(p.word(b - 1)) && p.word(b - 1) != "for"
                })
            };
            m.end <= he && !after_preposition()
        };
        // The mentions that start in the head (they are in reading order).
        let ms = &self.found.mentions;
        let from = ms.partition_point(|m| (m.part, m.start) < (p.pi, hs));
        let in_head = || ms[from..].iter().take_while(|m| m.part == p.pi && m.start < he);
        let named = in_head()
            .filter(heads)
            .filter(|m| {
                let tail = p.text.get(m.end..he).unwrap_or("");
                tail.trim_matches(|c: char| c == '’' || c == '\'' || c == 's' || c == '”' || c == '"')
                    .is_empty()
                    && !tail.starts_with(['’', '\''])
                    || tail.trim().is_empty()
            })
            .max_by_key(|m| (self.found.ents[m.entity].kind == EntityKind::Person, m.start))
            .copied()
            // Else a person with where they come from after them: `Rep. Elijah Cummings of
            // Maryland`, `Senator Dianne Feinstein, Democrat of California`.
            .or_else(|| {
                in_head().filter(heads).copied().find(|m| {
                    let tail = p.text.get(m.end..he).unwrap_or("");
                    self.found.ents[m.entity].kind == EntityKind::Person
                        && (tail.starts_with(", ") || tail.starts_with(" of "))
                })
            });
        if let Some(m) = named {
            let e = &self.found.ents[m.entity];
            // `Republicans said`: the party's members, not the party, spoke; they keep the
            // name they were given (`GOP` and `the Republican Party` are the party).
            let written = p.text.get(m.start..m.end).unwrap_or("");
            let members = e.kind == EntityKind::Organisation
                && e.name.ends_with(" Party")
                && written.ends_with('s')
                && !written.contains("Party")
                && !written.bytes().all(|b| b.is_ascii_uppercase());
            let name = if members { written.to_string() } else { e.name.clone() };
            return Some(Who { mention, name, span, person: e.kind == EntityKind::Person });
        }
        // A quoted description: `an anonymous “Western official”`. Not a quotation the head only
        // opens: `"WALLACE: Let’s start …` quotes a whole transcript line.
        let quoted =
            (head.from..head.to).find_map(|i| p.seg_of[i]).map(|s| &p.segs[s]).filter(|s| s.end <= he);
        let description = match quoted {
            Some(s) => p.text.get(s.start..s.end).unwrap_or("").trim_end_matches([',', '.']).to_string(),
            None => {
                let mut a = head.from;
                while a < head.to - 1 && (in_table(DETERMINERS, p.word(a)) || in_table(LEADING, p.word(a))) {
                    a += 1;
                }
                p.text.get(p.toks[a].start..he).unwrap_or("").to_string()
            }
        };
        if description.is_empty() {
            return None;
        }
        // A name the given entities know.
        if let Some(e) =
            self.given.iter().find(|e| e.name == description || e.forms.iter().any(|f| f == &description))
        {
            return Some(Who { mention, name: e.name.clone(), span, person: e.kind == EntityKind::Person });
        }
        let head_noun = {
            let last = p.word(head.to - 1);
            let last = if head.to - 1 > head.from && p.toks[head.to - 1].kind != Kind::Word {
                p.word(head.to - 2)
            } else {
                last
            };
            lex::strip_possessive(last).0.trim_end_matches('s').to_string()
        };
        let det = p.word(head.from);
        let definite = matches!(det, "the" | "one" | "that" | "this" | "these" | "those")
            || !in_table(DETERMINERS, det) && quoted.is_none();
        // `the commission` after the `Electoral Commission`: the body named last whose name
        // ends with the bare noun. Not `the party`: an article names several, and means the
        // one it is about more often than the one it named last.
        let body = || {
            if det != "the" || !description.eq_ignore_ascii_case(&head_noun) || head_noun == "party" {
                return None;
            }
            let ms = &self.found.mentions;
            let before = ms.partition_point(|m| (m.part, m.start) < (p.pi, start));
            ms[..before].iter().rev().map(|m| &self.found.ents[m.entity]).find_map(|e| {
                let (_, last) = e.name.rsplit_once(' ')?;
                (e.kind == EntityKind::Organisation && last.eq_ignore_ascii_case(&head_noun))
                    .then(|| e.name.clone())
            })
        };
        let name = if definite {
            body().or_else(|| {
                self.descriptions.iter().rev().find(|(h, _)| *h == head_noun).map(|(_, n)| n.clone())
            })
        } else {
            None
        };
        let name = name.unwrap_or_else(|| {
            self.descriptions.push((head_noun.clone(), description.clone()));
            description.clone()
        });
        let person = in_table(ROLE_NOUNS, head_noun.as_str())
            && !matches!(head_noun.as_str(), "report" | "statement" | "poll" | "survey" | "study");
        Some(Who { mention, name, span, person })
    }

    /// The name of the entity of a kind mentioned last before a position.
    /// The last speaker of this paragraph so far, or of the previous one, for an `it` or a `they`
    /// that no body the article names fits: for `it`, one that is no person and no plural (`…,
    /// according to Demos. It said …`); for `they`, a body or a group (`Analysts said … They
    /// expect …`).
    fn last_body(&self, p: &Para<'_>, singular: bool) -> Option<String> {
        let w = match (&self.current, &self.last) {
            (Some(w), _) => w,
            (None, Some((k, w))) if *k + 1 >= p.k => w,
            _ => return None,
        };
        let head = w.name.rsplit(' ').next().unwrap_or("");
        let lower = head.to_lowercase();
        let plural =
            head.ends_with('s') && (head.starts_with(char::is_lowercase) || in_table(ROLE_NOUNS, &lower));
        let fits = if singular { !w.person && !plural } else { !w.person || plural };
        // A name, a body or a group: not `who`, `I` (stop words), `three`, `of the men behind`,
        // `Half of them`.
        let first = w.name.split(' ').next().unwrap_or("").to_lowercase();
        let named = !in_table(PRONOUNS, &first)
            && !is_stop_word(&first)
            && !matches!(first.as_str(), "two" | "three" | "four" | "five" | "half")
            && !w.name.ends_with(" them");
        (fits && named).then(|| w.name.clone())
    }

    fn nearest(&self, p: &Para<'_>, at: usize, fits: impl Fn(&ents::Ent) -> bool) -> Option<String> {
        // Speakers are the likeliest referents: the last one in this or the previous paragraph,
        // when the pronoun fits them.
        let from_speaker = self
            .last
            .as_ref()
            .filter(|(k, w)| {
                *k + 1 >= p.k && w.person && self.found.ents.iter().filter(|e| e.name == w.name).all(&fits)
            })
            .map(|(_, w)| w.name.clone());
        let mention = self
            .found
            .mentions
            .iter()
            .filter(|m| (m.part, m.start) < (p.pi, at) && fits(&self.found.ents[m.entity]))
            // Not a name inside a quotation: the speaker does not refer to themself that way.
            .filter(|m| {
                if m.part == p.pi {
                    !p.toks.binary_search_by_key(&m.start, |t| t.start).is_ok_and(|i| p.in_speech(i))
                } else {
                    !self.out.iter().any(|(_, q, _)| {
                        q.kind == QuoteKind::Direct
                            && q.span.part == m.part_id
                            && q.span.start <= m.start
                            && m.end <= q.span.end
                    })
                }
            })
            .max_by_key(|m| (m.part, m.start));
        match (mention, from_speaker) {
            (Some(m), Some(s)) if m.part < p.pi => {
                let _ = m;
                Some(s)
            }
            (Some(m), _) => Some(self.found.ents[m.entity].name.clone()),
            (None, s) => s,
        }
    }
}

/// `PENCE: Well, …` or `Mike Pence: …` at the start of a paragraph: the speaker's noun phrase
/// and the token where the words start.
fn transcript_speaker(p: &Para<'_>) -> Option<(Np, usize)> {
    // A transcript quoted whole opens with a quotation mark: `"WALLACE: Let’s start …`.
    let first = usize::from(p.toks.first().is_some_and(|t| matches!(t.kind, Kind::Punct('"' | '“'))));
    let colon = (first..(first + 4).min(p.toks.len())).find(|&i| p.is_punct(i, ':'))?;
    if colon == first || colon + 1 >= p.toks.len() {
        return None;
    }
    let names = (first..colon).all(|i| p.toks[i].is_word() && is_cap(p.raw(i)) || p.is_punct(i, '.'));
    // An editor's label is no speaker: `CLARIFICATION: The first sentence …`, `Correction: …`.
    let label = colon == first + 1 && in_table(EDITORIAL_LABELS, p.word(first));
    let words_after = p.toks[colon + 1..].iter().filter(|t| t.is_word()).count();
    let scare = first == 0 && p.inside(colon + 1);
    (names && words_after >= 3 && !scare && !label)
        .then_some((Np { from: first, to: colon, head: colon }, colon + 1))
}

fn part_of(p: &Para<'_>) -> newsbite_model::Part {
    p.part
}

/// Whether the `-ing` word at `i` follows a form of `be` (`is demanding`, `was also stressing`).
fn is_progressive(p: &Para<'_>, i: usize) -> bool {
    let mut j = i;
    while j > 0 && matches!(p.word(j - 1), "also" | "again" | "now" | "still" | "once" | "already" | "not") {
        j -= 1;
    }
    // `he’s claiming`, `they’re saying`
    let contracted_be = |w: &str| contracted_pronoun(w).is_some() && (w.ends_with('s') || w.ends_with("re"));
    j > 0 && (is_be(p.word(j - 1)) || contracted_be(p.word(j - 1)))
}

/// Whether a short token range names a person or a source (its last word is a role noun):
/// `an anonymous “Western official”`, `two senior aides`.
fn names_a_source(p: &Para<'_>, (from, to): (usize, usize)) -> bool {
    let words = (from..to).filter(|&i| p.toks[i].is_word()).count();
    let last = (from..to).rev().find(|&i| p.toks[i].is_word()).map_or("", |i| p.word(i));
    words <= 6 && (in_table(ROLE_NOUNS, last) || in_table(ROLE_NOUNS, last.trim_end_matches('s')))
}

/// Whether what a cue governs is the gap of a relative clause, which reads as nothing on its
/// own:
/// - its subject went before the speaker, as a verb right after the cue shows: `the battle
///   Valdoria says was fought at the pass`, `the man police say had fled`, `what it says are
///   the brigade's own reports` (a pseudo-cleft that goes on with `that`, `what he said was
///   that …`, reports a whole clause, and is kept);
/// - its object did: `the road, which both countries claim`, `a chip, which Quillfire expects
///   to ship in January` (not `a lawsuit in which Democrats argued that …`).
fn in_relative_gap(p: &Para<'_>, c: &Cue) -> bool {
    let Some(np) = c.pre else { return false };
    // Past a word of time: `the fault found now was “a different issue”`.
    let mut at = c.end;
    if matches!(p.word(at), "now" | "then" | "today" | "earlier" | "later") {
        at += 1;
    } else if p.word(at + 2) == "ago" && !p.inside(at + 2) {
        // `a flood wall promised seven years ago was not in place`
        at += 3;
    }
    let verb_next = !p.inside(at) && is_auxiliary(p.word(at)) && p.word(at + 1) != "that";
    // `which both countries claim`: past a quantifier that the noun phrase leaves out. Not
    // after a preposition: in `a lawsuit in which Democrats argued that …`, the clause has all
    // its parts.
    let mut k = np.from;
    if k > 0 && matches!(p.word(k - 1), "all" | "both" | "many" | "most" | "some") {
        k -= 1;
    }
    let relative_before =
        k > 0 && matches!(p.word(k - 1), "which" | "whom") && !(k > 1 && is_preposition(p.word(k - 2)));
    c.class.is_some() && (verb_next || relative_before)
}

/// A cue as written, with the words between it and the `that` that opens what it governs
/// (`told reporters in Carrowmere that …`, `said in a statement that …`), so that it reads
/// whole before the clause: `Ivo Marak told reporters in Carrowmere the brigade had …`; a noun
/// with its owner's possessive (`’s claim`). `from` is the clause's first token.
fn cue_with_complement(p: &Para<'_>, c: &Cue, from: usize) -> String {
    // A noun's owner keeps the possessive with the noun: `’s claim` of `the minister’s claim`.
    if let Some(np) = c.pre.filter(|_| is_nominal(p, c)) {
        let start = p.end_before_possessive(np.to - 1);
        return p.text.get(start..p.toks[c.end - 1].end).unwrap_or("").to_string();
    }
    let mut end = c.end;
    // A dozen words at most between them: the reach of the `that` search (`governed`).
    if from > c.end + 1 && from <= c.end + 12 && p.word(from - 1) == "that" {
        let plain = (c.end..from - 1).all(|i| p.toks[i].is_word() && !p.inside(i));
        if plain {
            end = from - 1;
        }
    }
    p.text.get(p.toks[c.at].start..p.toks[end - 1].end).unwrap_or("").to_string()
}

/// The latest cue before cue `ci` in its sentence (which starts at token `s0`) that is a verb,
/// not a noun its owner holds: the verb a second verb of the clause shares its subject with.
fn verb_before(p: &Para<'_>, cues: &[Cue], ci: usize, s0: usize) -> Option<usize> {
    (0..ci).rev().find(|&k| cues[k].at >= s0 && !is_nominal(p, &cues[k]))
}

/// Whether a cue is a noun after its owner (`the minister’s claim that …`): it has a speaker
/// but is no verb that a second verb could share a subject with.
fn is_nominal(p: &Para<'_>, c: &Cue) -> bool {
    c.pre.is_some_and(|np| lex::strip_possessive(p.raw(np.to - 1)).1)
}

/// Where a clause that a cue governs gives way to another attribution joined to it: `no
/// clashes took place, and a senior officer has said …` ends before `, and`. The token range
/// `(from, to)` is cut before the conjunction (and its comma) that opens the other cue's
/// speaker or, when it has none of its own, the cue itself (`…, and said …`).
fn before_joined_attribution(p: &Para<'_>, cues: &[Cue], (from, to): (usize, usize)) -> (usize, usize) {
    for c in cues.iter().filter(|c| c.at > from && c.at < to && c.class.is_some()) {
        let mut start = c.pre.map_or(c.at, |np| np.from);
        // `and has said`, `but also said`; not past a modal, which more often carries the
        // clause's own next verb (`…, and would support multiple systems`).
        let leads_in = |w: &str| is_auxiliary(w) && !is_modal(w) || w == "also";
        while start > from + 1 && leads_in(p.word(start - 1)) {
            start -= 1;
        }
        if start > from + 1 && matches!(p.word(start - 1), "and" | "but") && !p.inside(start - 1) {
            let mut end = start - 1;
            if p.is_punct(end - 1, ',') {
                end -= 1;
            }
            if let Some(r) = trim_range(p, from, end) {
                return r;
            }
        }
    }
    (from, to)
}

/// Whether a lower-case word opens a subordinate clause.
fn is_subordinator(w: &str) -> bool {
    matches!(
        w,
        "while" | "when" | "if" | "although" | "though" | "because" | "since" | "unless" | "whether" | "as"
    )
}

/// Whether a word is a capital initial (`D` of `Paul D. Ryan`).
fn is_initial(raw: &str) -> bool {
    raw.len() == 1 && raw.bytes().all(|b| b.is_ascii_uppercase())
}

/// Whether a lower-case word reads as an adverb in `-ly` (`publicly`, not `family` or `ally`).
fn is_adverb(w: &str) -> bool {
    w.len() > 4
        && w.ends_with("ly")
        && !in_table(ROLE_NOUNS, w)
        && !matches!(
            w,
            "family" | "assembly" | "rally" | "supply" | "italy" | "july" | "monopoly" | "daily" | "weekly"
        )
}

fn is_be(w: &str) -> bool {
    matches!(w, "is" | "are" | "was" | "were" | "been" | "be" | "’s" | "'s")
}

fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "last"
            | "this"
            | "next"
            | "week"
            | "month"
            | "year"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
            | "earlier"
            | "later"
            | "today"
            | "yesterday"
            | "tonight"
            | "again"
            | "also"
            | "recently"
            | "previously"
            | "repeatedly"
            | "publicly"
            | "privately"
            | "then"
    )
}

/// The index of a cue word in [`CUES`], if it is one.
fn cue_index(w: &str) -> Option<usize> {
    CUES.position(w)
}

fn is_cue(w: &str) -> bool {
    cue_index(w).is_some()
}

/// The class of a cue word: from [`CUES`], else from another form of a verb there
/// (`demanding` from `demanded`, `stressed` from `stresses`). A derived `-ing`
/// form is a participle; other derived forms report.
fn cue_class(w: &str) -> Option<CueClass> {
    if let Some(k) = cue_index(w) {
        return Some(CUES[k].1);
    }
    if w.len() < 5 || !w.is_ascii() {
        return None;
    }
    // Cue words are short: the forms are put together on the stack.
    let known = |stem: &str, ends: &[&str]| {
        let mut buf = [0u8; 24];
        ends.iter().any(|e| {
            let n = stem.len() + e.len();
            if n > buf.len() {
                return false;
            }
            buf[..stem.len()].copy_from_slice(stem.as_bytes());
            buf[stem.len()..n].copy_from_slice(e.as_bytes());
            CUES.position_of_bytes(&buf[..n]).is_some()
        })
    };
    if let Some(stem) = w.strip_suffix("ing") {
        // `demanding` ← `demanded`, `describing` ← `describes`, `slamming` ← `slams`.
        let undoubled = stem.len() > 2 && stem.as_bytes()[stem.len() - 1] == stem.as_bytes()[stem.len() - 2];
        let found = known(stem, &["ed", "s", "es"]) || undoubled && known(&stem[..stem.len() - 1], &["s"]);
        return found.then_some(CueClass::Participle);
    }
    if let Some(stem) = w.strip_suffix("ed") {
        let found =
            known(stem, &["s", "es", "ing"]) || w.ends_with("ied") && known(&w[..w.len() - 3], &["ies"]);
        return found.then_some(CueClass::Report);
    }
    // No `-s` form is derived: too many are nouns (`points` beside `pointed`).
    None
}

fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "in" | "on"
            | "at"
            | "during"
            | "after"
            | "following"
            | "before"
            | "from"
            | "to"
            | "for"
            | "with"
            | "about"
            | "of"
            | "by"
            | "as"
            | "through"
            | "via"
            | "outside"
            | "inside"
            | "near"
            | "over"
    )
}

/// Whether a lower-case word can sit in a speaker's noun phrase.
fn np_word(p: &Para<'_>, i: usize) -> bool {
    let w = p.word(i);
    let raw = p.raw(i);
    if is_cap(raw) || raw.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    if in_table(STOPS, w) || cue_index(w).is_some() {
        return false;
    }
    in_table(DETERMINERS, w)
        || in_table(ROLE_NOUNS, w)
        || in_table(ROLE_NOUNS, w.trim_end_matches('s'))
        || matches!(
            w,
            "of" | "by"
                | "for"
                | "senior"
                | "top"
                | "former"
                | "longtime"
                | "anonymous"
                | "unnamed"
                | "news"
                | "press"
                | "white"
                | "house"
                | "security"
                | "election"
                | "national"
                | "federal"
                | "local"
                | "new"
                | "few"
                | "state"
                | "foreign"
                | "defense"
                | "defence"
                | "vice"
                | "deputy"
                | "quoted"
                | "cited"
                | "independent"
                | "public"
                | "private"
                | "health"
                | "police"
                | "civil"
                | "human"
                | "rights"
                | "u.s."
                | "chief"
                | "general"
                | "republican"
                | "democratic"
        )
        || ["al", "ian", "ish", "ese", "ern", "ic", "ive", "ous", "ior", "ary"]
            .iter()
            .any(|s| w.ends_with(s) && w.len() > 4)
}

/// The noun phrase that ends right before token `at` (its subject), within the sentence.
fn np_before(p: &Para<'_>, at: usize, s0: usize) -> Option<Np> {
    // Skip adverbs and time phrases: `Zelensky last month claimed`, `Flynn has also said`.
    let mut j = at;
    while j > s0 {
        let w = p.word(j - 1);
        let raw = p.raw(j - 1);
        let skip = in_table(BETWEEN, w)
            || is_be(w)
            || is_adverb(w) && !is_cap(raw)
            || in_table(CALENDAR, raw)
            || matches!(w, "on" | "this") && j < at && in_table(CALENDAR, p.raw(j))
            // `Trump this week also said`
            || matches!(w, "week" | "month" | "year" | "weekend") && j >= s0 + 2 && matches!(p.word(j - 2), "this" | "last" | "next")
            || matches!(w, "this" | "last" | "next") && j < at && matches!(p.word(j), "week" | "month" | "year" | "weekend")
            // `The poll released Friday shows`, `Merkley, Brown and Menendez all suggested`
            || w.ends_with("ed") && j < at && in_table(CALENDAR, p.raw(j))
            || matches!(w, "all" | "both") && j - 1 > s0;
        if skip && !p.inside(j - 1) {
            j -= 1;
        } else {
            break;
        }
    }
    if j == s0 {
        return None;
    }
    // `The city council, which met on Tuesday, said`: the noun phrase before the relative
    // clause.
    if j > s0 + 1 && p.is_punct(j - 1, ',') && !p.inside(j - 1) {
        let open = (s0..j - 1).rev().take(30).find(|&i| p.is_punct(i, ',') && !p.inside(i));
        if let Some(open) = open.filter(|&o| matches!(p.word(o + 1), "which" | "who")) {
            return np_walk(p, open, s0).filter(|np| !is_preposition(p.word(np.from)));
        }
    }
    let last = j - 1;
    let w = p.word(last);
    // `as I've suggested`: the pronoun of a contraction is the subject; `It's …`, `There's …`
    // have none.
    if let Some(base) = contracted_pronoun(w).filter(|_| !p.inside(last)) {
        return (base != "it").then_some(Np { from: last, to: j, head: j });
    }
    if !p.inside(last) && (in_table(PRONOUNS, w) || w == "who") {
        if w == "who" {
            // The antecedent: `an anonymous “Western official”, who asserts`.
            let mut e = last;
            if e > s0 && p.is_punct(e - 1, ',') {
                e -= 1;
            }
            return np_walk(p, e, s0).or(Some(Np { from: last, to: last + 1, head: last + 1 }));
        }
        return Some(Np { from: last, to: j, head: j });
    }
    let np = match np_walk(p, j, s0) {
        // `Experts on North Korea and nuclear nonproliferation said`, `attorneys for the
        // family said`: a phrase the walk stopped inside reaches back to the clause start.
        Some(np) if np.head == np.to => Some(np_clause_subject(p, np.from, j, s0).unwrap_or(np)),
        Some(np) => Some(np),
        None => np_clause_subject(p, j, j, s0),
    };
    // A phrase a preposition opens may still end in the subject's name: `In a Bloomberg
    // interview Trump declared`.
    let np = np.map(|np| {
        if !is_preposition(p.word(np.from)) || np.head != np.to {
            return np;
        }
        let mut from = np.to;
        while from > np.from + 1 && p.toks[from - 1].is_word() && is_cap(p.raw(from - 1)) {
            from -= 1;
        }
        let after_noun =
            from > np.from + 1 && !is_cap(p.raw(from - 1)) && !in_table(ROLE_NOUNS, p.word(from - 1));
        if from < np.to && after_noun {
            Np { from, ..np }
        } else {
            np
        }
    });
    // Else `With Democratic leaders increasingly worried`: a phrase a preposition opens is no
    // subject; nor is one that holds what was said (`Everything Trump says is a lie`, `What Mr.
    // Trump considers “smart” …`), nor one with `it's` or `there's` in it.
    np.filter(|np| {
        let first = p.word(np.from);
        !is_preposition(first)
            && !matches!(first, "what" | "whatever" | "everything" | "anything" | "nothing" | "something")
            && !(np.from..np.to).any(|i| contracted_pronoun(p.word(i)).is_some())
    })
}

/// The first word from `i` on (before `limit`) that is not a conjunction joining the sentence to
/// the last (`But on Tuesday, …`).
fn past_conjunctions(p: &Para<'_>, mut i: usize, limit: usize) -> usize {
    while i + 1 < limit && matches!(p.word(i), "but" | "and" | "so" | "yet") {
        i += 1;
    }
    i
}

/// Whether the word at `i` opens a phrase of time, place or circumstance rather than a noun
/// phrase: a preposition (not one that sizes a number), a subordinator, `despite`, or a
/// participle phrase (`Chastened by the analyses, …`).
fn opens_adverbial(p: &Para<'_>, i: usize) -> bool {
    let w = p.word(i);
    is_preposition(w) && !counts_about(p, i)
        || is_subordinator(w)
        || matches!(w, "despite" | "unlike" | "amid")
        || opens_participle_phrase(p, i)
}

/// Whether the word at `i` is a preposition that gives a number's size rather than a place
/// (`About 9.9 million single mothers …`, `said about 20 people have …`).
fn counts_about(p: &Para<'_>, i: usize) -> bool {
    matches!(p.word(i), "about" | "over" | "around" | "under")
        && p.raw(i + 1).starts_with(|c: char| c.is_ascii_digit())
}

/// Whether the word at `i` opens a participle phrase (`Chastened by the analyses, …`,
/// `Speaking to students …, Biden said`): a lower-case `-ed` or `-ing` word before a preposition
/// or a determiner.
fn opens_participle_phrase(p: &Para<'_>, i: usize) -> bool {
    let w = p.word(i);
    let next = p.word(i + 1);
    w.len() > 4
        && (w.ends_with("ed") || w.ends_with("ing"))
        && !is_preposition(w)
        && (is_preposition(next) || in_table(DETERMINERS, next))
}

/// The pronoun of a contraction with a pronoun (`i've` → `i`, `there's` → `there`), if the word
/// is one.
fn contracted_pronoun(w: &str) -> Option<&str> {
    let (base, rest) = w.split_once(['’', '\''])?;
    let pronoun = in_table(PRONOUNS, base) || matches!(base, "there" | "that" | "what" | "here" | "who");
    (pronoun && matches!(rest, "s" | "ve" | "re" | "d" | "ll" | "m")).then_some(base)
}

/// Whether a word is an auxiliary verb that can open a clause's verb: a form of `be` (not the
/// `’s` of `it’s`), a modal, or `has`/`have`/`had`.
fn is_auxiliary(w: &str) -> bool {
    is_be_spelled(w) || is_modal(w) || matches!(w, "has" | "have" | "had")
}

/// A form of `be` spelled out, not the `’s` of `it’s` (which is as often `has`, or a possessive).
fn is_be_spelled(w: &str) -> bool {
    is_be(w) && !w.starts_with(['’', '\''])
}

fn is_modal(w: &str) -> bool {
    matches!(w, "can" | "could" | "may" | "might" | "must" | "shall" | "should" | "will" | "would")
}

/// The whole subject of a clause that ends at `end`, when the words from the clause start (the
/// sentence start or a comma) to `from` are few and none is a verb or a conjunction that opens
/// a clause: `Experts on North Korea and nuclear nonproliferation`.
fn np_clause_subject(p: &Para<'_>, from: usize, end: usize, s0: usize) -> Option<Np> {
    let mut i = from;
    while i > s0 && from - i < 10 {
        let k = i - 1;
        if p.inside(k) || p.is_punct(k, ',') || p.is_punct(k, ';') || p.is_punct(k, ':') {
            break;
        }
        let w = p.word(k);
        // A lower-case word right after a name is likely a verb: `Clinton leads by four`.
        let after_name = k > s0 && is_cap(p.raw(k - 1)) && !is_cap(p.raw(k)) && !np_word(p, k);
        // Words that join the parts of a subject (`Experts on North Korea and …`).
        let links = matches!(w, "and" | "of" | "for" | "on" | "in" | "at" | "with" | "from");
        let word_ok = match p.toks[k].kind {
            // `Protesters marching through the streets chanted`: a participle before a
            // preposition describes the name.
            Kind::Word if after_name => {
                links || w.len() > 4 && w.ends_with("ing") && is_preposition(p.word(k + 1))
            }
            Kind::Word => {
                (is_cap(p.raw(k)) || !is_cue(w)) && !is_be(w) && !in_table(PRONOUNS, w) && !in_table(STOPS, w)
                    || links
                    || w == "through"
            }
            Kind::Punct(c) => matches!(c, '-' | '&' | '.' | '’' | '\''),
        };
        if !word_ok {
            return None;
        }
        i -= 1;
    }
    let at_start = i == s0 || p.is_punct(i - 1, ',');
    if !at_start || i >= end || i == from {
        return None;
    }
    // It opens with a noun phrase's first word: a capital, a determiner or a plural noun.
    let first = p.word(i);
    let opens = is_cap(p.raw(i)) || in_table(DETERMINERS, first) || in_table(ROLE_NOUNS, first);
    let words = (i..end).filter(|&k| p.toks[k].is_word()).count();
    (opens && !in_table(LEADING, first) && !is_preposition(first) && words <= 10).then_some(Np {
        from: i,
        to: end,
        head: end,
    })
}

/// Walks back from `end` over noun-phrase tokens.
fn np_walk(p: &Para<'_>, end: usize, s0: usize) -> Option<Np> {
    // `Gov. Mike Pence (R-IN) said`: a bracket before the cue is skipped.
    if end > s0 && p.is_punct(end - 1, ')') {
        if let Some(open) = (s0..end - 1).rev().take(8).find(|&i| p.is_punct(i, '(')) {
            if let Some(np) = np_walk(p, open, s0) {
                return Some(Np { from: np.from, to: end, head: np.to });
            }
        }
        return None;
    }
    // `Richard Revesz, director of the institute, said`: a name before an apposition.
    if end > s0 + 1 && p.is_punct(end - 1, ',') && !p.inside(end - 1) {
        let mut commas = 0;
        let mut i = end - 1;
        while i > s0 && end - i < 40 && commas < 3 {
            i -= 1;
            // The name starts after a comma, at the sentence start, or right after a quotation
            // (`“…,” Douglas Holtz-Eakin, an economist, told me`).
            let after_quote = p.inside(i) && !p.inside(i + 1);
            if (p.is_punct(i, ',') && !p.inside(i)) || i == s0 || after_quote {
                let from = if i == s0 && !p.is_punct(i, ',') && !after_quote { i } else { i + 1 };
                if let Some(np) = np_after(p, from, end - 1) {
                    // `Rep. Jim Jordan (R-Ohio), an oversight panel member, said`
                    let mut to = np.to;
                    if p.is_punct(to, '(') {
                        if let Some(close) = (to..(to + 10).min(end)).find(|&k| p.is_punct(k, ')')) {
                            to = close + 1;
                        }
                    }
                    if p.is_punct(to, ',') && to < end - 1 && is_cap(p.raw(np.to - 1)) {
                        return Some(Np { from: np.from, to: end - 1, head: np.to });
                    }
                    // `A lawyer for the news outlets, David Schulz, said`: a description, then
                    // the name in apposition.
                    let name =
                        commas == 0 && np.to == end - 1 && is_cap(p.raw(np.from)) && is_cap(p.raw(np.to - 1));
                    if name && i > s0 && p.is_punct(i, ',') {
                        if let Some(desc) = np_clause_subject(p, i, i, s0) {
                            return Some(Np { from: desc.from, to: end - 1, head: np.to });
                        }
                    }
                }
                commas += 1;
            }
            if p.is_punct(i, ';') || p.in_speech(i) {
                break;
            }
        }
        return None;
    }
    let mut k = end;
    while k > s0 && end - k < 14 {
        let i = k - 1;
        if p.in_speech(i) {
            break;
        }
        match p.toks[i].kind {
            Kind::Word => {
                // `The bank said`, `Ivana Trump's brief said`: any noun after a determiner or a
                // possessive.
                let after_det = i + 1 == end
                    && i > s0
                    && (in_table(DETERMINERS, p.word(i - 1)) || lex::strip_possessive(p.raw(i - 1)).1)
                    && !in_table(STOPS, p.word(i))
                    && !is_cue(p.word(i));
                // `Connecticut’s tax commissioner says`: lower-case nouns after a determiner or a
                // possessive a few words back.
                let compound = end - i <= 3
                    && (i..end).all(|j| p.toks[j].is_word() && !p.inside(j))
                    && !in_table(STOPS, p.word(i))
                    && !is_cue(p.word(i))
                    && !is_preposition(p.word(i))
                    && (1..=3).any(|d| {
                        i >= s0 + d
                            && (in_table(DETERMINERS, p.word(i - d)) || lex::strip_possessive(p.raw(i - d)).1)
                            && (i - d + 1..i).all(|j| {
                                p.toks[j].is_word()
                                    && !in_table(STOPS, p.word(j))
                                    && (is_cap(p.raw(j)) || !is_cue(p.word(j)))
                                    && !is_preposition(p.word(j))
                            })
                    });
                if !np_word(p, i) && !after_det && !compound {
                    // `the official quoted by The Standard`
                    if matches!(p.word(i), "quoted" | "cited") && p.word(i + 1) == "by" {
                        k -= 1;
                        continue;
                    }
                    break;
                }
                k -= 1;
            }
            Kind::Punct(c) => {
                // A quotation that ends in a comma is a phrase before the name, not part of it:
                // `on CBS's “Face the Nation,” House Speaker Paul D. Ryan said`.
                let scare = p.inside(i) && c != ',';
                let honorific_dot =
                    c == '.' && i > 0 && (in_table(HONORIFICS, p.raw(i - 1)) || is_initial(p.raw(i - 1)));
                if scare || honorific_dot || c == '-' || c == '&' {
                    k -= 1;
                } else {
                    // (past the rest of a quotation the walk stopped in)
                    while k < end && p.inside(k) {
                        k += 1;
                    }
                    break;
                }
            }
        }
    }
    // Not from an opening phrase: `On “Face the Nation,” House Speaker Paul D. Ryan said`. A
    // subordinator that opens the cue's own clause is passed over (`When Clinton noted that`);
    // a preposition is not, and [`np_before`] then finds no subject (`With Democratic leaders
    // increasingly worried`).
    if k == s0 && k < end && (is_preposition(p.word(k)) || is_subordinator(p.word(k))) {
        match (k..end).find(|&i| p.is_punct(i, ',')) {
            Some(comma) => {
                k = comma + 1;
                while k < end && !p.toks[k].is_word() {
                    k += 1;
                }
            }
            None if is_subordinator(p.word(k)) => k += 1,
            None => {}
        }
    }
    // Not from a leading conjunction, preposition or determiner-only start.
    while k < end && (in_table(LEADING, p.word(k)) || matches!(p.word(k), "by" | "of" | "for")) {
        k += 1;
    }
    if k >= end {
        return None;
    }
    // The word next to the cue must be a noun: a name, a role, a plural, a quotation.
    let last = end - 1;
    let raw = p.raw(last);
    let w = p.word(last);
    let nounish = is_cap(raw)
        || p.inside(last)
        || (k..last).any(|j| in_table(DETERMINERS, p.word(j)) || lex::strip_possessive(p.raw(j)).1)
        || in_table(ROLE_NOUNS, w)
        || in_table(ROLE_NOUNS, w.trim_end_matches('s'))
        || w.ends_with('s') && w.len() > 3 && !w.ends_with("ss");
    if !nounish || (k..end).all(|i| in_table(DETERMINERS, p.word(i)) || !p.toks[i].is_word()) {
        return None;
    }
    Some(Np { from: k, to: end, head: end })
}

/// The noun phrase that starts at `from` (an inverted subject: `said one official`, or the
/// object of `according to`), ending before `limit`.
fn np_after(p: &Para<'_>, from: usize, limit: usize) -> Option<Np> {
    np_after_with(p, from, limit, false)
}

/// The speaker after a cue (`“…,” said Mayor Brandt`): a noun phrase that no verb follows. In
/// `said the 4th Highland Brigade had not fought`, the phrase is the subject of what was said.
fn inverted_subject(p: &Para<'_>, from: usize, s1: usize) -> Option<Np> {
    np_after(p, from, s1).filter(|np| {
        let w = p.word(np.to);
        // `said the panel itself might be damaged`: a reflexive shows a clause's subject too.
        !(is_modal(w)
            || is_be(w)
            || matches!(w, "has" | "have" | "had" | "did" | "does" | "do")
            || matches!(w, "itself" | "himself" | "herself" | "themselves"))
    })
}

/// [`np_after`]; `lenient` takes any lower-case noun (`according to exit polls`).
fn np_after_with(p: &Para<'_>, from: usize, limit: usize, lenient: bool) -> Option<Np> {
    let mut k = from;
    let mut head_end = None;
    while k < limit && k - from < 10 {
        if p.in_speech(k) {
            break;
        }
        match p.toks[k].kind {
            Kind::Word => {
                let w = p.word(k);
                let loose = lenient && (w == "of" || !in_table(STOPS, w) && !is_preposition(w) && !is_cue(w));
                let pronoun_first = in_table(PRONOUNS, w) && k == from;
                if !(np_word(p, k) || pronoun_first || loose) {
                    break;
                }
                if is_cap(p.raw(k)) && !in_table(DETERMINERS, w) && !in_table(LEADING, w)
                    || lenient && w != "of" && !in_table(DETERMINERS, w)
                    || in_table(ROLE_NOUNS, w)
                    || in_table(ROLE_NOUNS, w.trim_end_matches('s'))
                    || in_table(PRONOUNS, w)
                {
                    head_end = Some(k + 1);
                }
                if in_table(PRONOUNS, w) {
                    break;
                }
            }
            Kind::Punct(c) => {
                // `Mr.`, and an initial's full stop (`Oscar P. Quintero`).
                let honorific_dot =
                    c == '.' && k > 0 && (in_table(HONORIFICS, p.raw(k - 1)) || is_initial(p.raw(k - 1)));
                if !(p.inside(k) || honorific_dot || c == '-' || c == '&') {
                    break;
                }
                if p.inside(k) {
                    head_end = Some(k + 1);
                }
            }
        }
        k += 1;
    }
    let to = head_end?;
    let mut from = from;
    while from < to && in_table(LEADING, p.word(from)) {
        from += 1;
    }
    (from < to).then_some(Np { from, to, head: to })
}

/// Where a clause starting at `from` ends: the sentence end, a `;`, or a comma that opens a
/// relative clause or another attribution. Trailing punctuation is left out.
fn clause_after(p: &Para<'_>, from: usize, s1: usize) -> Option<(usize, usize)> {
    let mut to = s1;
    let mut i = from;
    while i < s1 {
        if p.inside(i) {
            i += 1;
            continue;
        }
        match p.toks[i].kind {
            Kind::Punct(';') => {
                to = i;
                break;
            }
            Kind::Punct(',' | '—' | '–') if i + 1 < s1 => {
                let w = p.word(i + 1);
                // `the Civic Union, which won 41 per cent overall, did best …`: an aside after
                // the clause's subject; the clause goes on after it.
                if matches!(w, "which" | "who") && is_bare_subject(p, from, i) {
                    let close = (i + 2..s1).find(|&k| p.is_punct(k, ',') && !p.inside(k));
                    // What follows must go on with the clause (`did best`), not add to the
                    // sentence (`…, in an interview`).
                    let goes_on =
                        |k: usize| k + 1 < s1 && p.toks[k + 1].is_word() && !is_preposition(p.word(k + 1));
                    if let Some(k) = close.filter(|&k| goes_on(k)) {
                        i = k + 1;
                        continue;
                    }
                }
                let breaks = matches!(w, "which" | "who" | "according" | "while" | "whereas")
                    || cue_index(w).is_some_and(|k| CUES[k].1 == CueClass::Participle)
                    || is_trailing_cue(p, i + 1, s1);
                if breaks {
                    to = i;
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    trim_range(p, from, to)
}

/// Whether tokens `[from, to)` are only a clause's subject, with no verb yet: a short run of
/// words that opens with a determiner or a name (`the Civic Union`, `Mr Brask`).
fn is_bare_subject(p: &Para<'_>, from: usize, to: usize) -> bool {
    let words = (from..to).filter(|&k| p.toks[k].is_word()).count();
    let opens = in_table(DETERMINERS, p.word(from)) || is_cap(p.raw(from));
    let verb = (from..to).any(|k| {
        let w = p.word(k);
        is_auxiliary(w) || matches!(w, "did" | "does") || w.ends_with("ed")
    });
    (1..=4).contains(&words) && opens && !verb && (from..to).all(|k| p.toks[k].is_word() && !p.inside(k))
}

/// `…, he said.` / `…, said the official.` after a comma: the rest of the sentence is an
/// attribution of what came before.
fn is_trailing_cue(p: &Para<'_>, from: usize, s1: usize) -> bool {
    let end = (from + 6).min(s1);
    (from..end).any(|i| {
        p.toks[i].is_word()
            && !p.inside(i)
            && cue_index(p.word(i)).is_some_and(|k| CUES[k].1 == CueClass::Say)
            && (i + 1..s1).all(|j| p.toks[j].is_word() || matches!(p.toks[j].kind, Kind::Punct('.' | '-')))
            && s1 - i < 8
    })
}

/// The clause before an attribution at the end of a sentence: from the sentence start (or the
/// last `;`) to the comma before `at`.
fn clause_before(p: &Para<'_>, at: usize, s0: usize) -> Option<(usize, usize)> {
    // The comma (or dash) right before the subject, or a few words before it (`…, top black
    // lawmakers said`, `… — or flat out wrong — according to the journal`).
    let comma = (at.saturating_sub(4).max(s0 + 1)..=at).rev().find(|&i| {
        i > 0
            && !p.inside(i - 1)
            && (p.is_punct(i - 1, ',') || p.is_punct(i - 1, '—') || p.is_punct(i - 1, '–'))
    })?;
    let at = comma;
    let mut from = s0;
    for i in (s0..at - 1).rev() {
        if p.is_punct(i, ';') && !p.inside(i) {
            from = i + 1;
            break;
        }
    }
    // An opening phrase of time, place or circumstance is not what was said (`In defeat, the
    // president appeared cowed`, `But on Tuesday, it increased …`).
    let first = past_conjunctions(p, from, at - 1);
    if opens_adverbial(p, first) && !(first..at - 1).any(|i| p.is_punct(i, ',') && !p.inside(i)) {
        return None;
    }
    trim_range(p, from, at - 1)
}

/// A clause from `from` that runs on into a direct quote starting at token `quote`, cut before
/// it where the two join: at a comma (`She said …, and when pressed, she replied, “…”`), or at
/// an `and` or `but` before another cue (`Roberts said … but said “…”`). Four words at least,
/// else none.
fn clause_before_quote(p: &Para<'_>, from: usize, quote: usize) -> Option<(usize, usize)> {
    let comma = |i: &usize| p.is_punct(*i, ',') && !p.inside(*i);
    let to = match (from..quote).rev().find(comma) {
        Some(last) => {
            let joined = (from..last).rev().find(|i| comma(i) && matches!(p.word(i + 1), "and" | "but"));
            joined.unwrap_or(last)
        }
        None => (from..quote)
            .rev()
            .find(|&i| matches!(p.word(i), "and" | "but") && !p.inside(i) && is_cue(p.word(i + 1)))?,
    };
    let r = trim_range(p, from, to)?;
    ((r.0..r.1).filter(|&i| p.toks[i].is_word()).count() >= 4).then_some(r)
}

/// Trims punctuation outside quotations from both ends; at least two words must remain.
fn trim_range(p: &Para<'_>, mut from: usize, mut to: usize) -> Option<(usize, usize)> {
    while to > from
        && !p.inside(to - 1)
        && matches!(p.toks[to - 1].kind, Kind::Punct(c) if !matches!(c, ')' | ']'))
    {
        to -= 1;
    }
    while from < to
        && !p.inside(from)
        && matches!(p.toks[from].kind, Kind::Punct(c) if !matches!(c, '(' | '['))
    {
        from += 1;
    }
    let words = (from..to).filter(|&i| p.toks[i].is_word()).count();
    (words >= 2).then_some((from, to))
}

#[cfg(test)]
mod tests;
