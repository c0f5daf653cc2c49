//! How stories are shown to people, shared by every face of NewsBite (the CLI's Markdown and HTML
//! digest, the web pages, the JSON API): the digest order, how a stance reads, where a claim's
//! position comes from, and a story's key figures without repeats.
//!
//! These are decisions about presentation, not about what a story is, so they live here rather
//! than in `newsbite-stories`; they read only what the store returns.

use std::borrow::Cow;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use newsbite_model::{Analysis, Article, Entity, Figure, Quote, QuoteKind, ReportRef, Stance};
use newsbite_store::{StoryDetail, StorySummary};

/// Stories in digest order: most independent sources first, then the most recently seen, then
/// disputed before undisputed.
pub fn ranked(mut stories: Vec<StorySummary>) -> Vec<StorySummary> {
    stories.sort_by(|a, b| {
        b.sources.cmp(&a.sources).then(b.last_seen.cmp(&a.last_seen)).then(b.disputed.cmp(&a.disputed))
    });
    stories
}

/// The stances in the order their columns are shown side by side: yes, no, no evidence, unclear.
pub const STANCES: [Stance; 4] = [Stance::Affirms, Stance::Denies, Stance::NoEvidence, Stance::Unclear];

/// How a stance reads.
pub fn stance_label(stance: Stance) -> &'static str {
    match stance {
        Stance::Affirms => "says yes",
        Stance::Denies => "says no",
        Stance::NoEvidence => "no evidence",
        Stance::Unclear => "unclear",
    }
}

/// How many positions take a stance, as a person would say it: "1 says yes", "4 say no".
pub fn stance_count(n: usize, stance: Stance) -> String {
    let verb = if n == 1 { "says" } else { "say" };
    match stance {
        Stance::Affirms => format!("{n} {verb} yes"),
        Stance::Denies => format!("{n} {verb} no"),
        Stance::NoEvidence => format!("{n} {verb} there is no evidence"),
        Stance::Unclear => format!("{n} unclear"),
    }
}

/// A short machine name for a stance (CSS classes, JSON keys).
pub fn stance_key(stance: Stance) -> &'static str {
    match stance {
        Stance::Affirms => "yes",
        Stance::Denies => "no",
        Stance::NoEvidence => "no-evidence",
        Stance::Unclear => "unclear",
    }
}

/// The report of a story (or a copy folded under one) that an article id names.
pub fn report_of(detail: &StoryDetail, article: i64) -> Option<&ReportRef> {
    detail
        .reports
        .iter()
        .flat_map(|r| std::iter::once(r).chain(r.copies.iter()))
        .find(|r| r.article == article)
}

/// The URLs of a story's articles, copies included, in report order.
pub fn urls(detail: &StoryDetail) -> Vec<String> {
    let mut out = Vec::new();
    for r in &detail.reports {
        out.extend(r.url.clone());
        out.extend(r.copies.iter().filter_map(|c| c.url.clone()));
    }
    out
}

/// How many key figures a story's page lists.
pub const KEY_FIGURES: usize = 12;

/// A key figure of a story: a figure as the first report to give it has it, with the reports
/// that give it ([`key_figures`]).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyFigure<'a, R> {
    /// The figure, from the first report that gives it.
    pub figure: &'a Figure,
    /// The reports that give it, in the order they came.
    pub reports: Vec<R>,
}

/// The key figures of a story, from its reports' figures: each figure once, with the reports
/// that give it, those that most reports give first (`340 homes` that three reports of a flood
/// repeat before the `96 skips` one report counted), then in the order they came; at most
/// `max`. `figures` yields each report's figures with the report (anything that tells two
/// reports apart, and that a page shows: a source's name and an article's id).
///
/// Two reports give the same figure when the values are the same (`340`; `12 million` and
/// `12,000,000` by their numbers, with the same unit) and what they count shares a word
/// (`homes` and `flooded homes`; `fighting had lasted` and `a battle lasting`), or neither says:
/// `two Valdorian soldiers` and `two observation posts` are two figures.
pub fn key_figures<'a, R: Clone + PartialEq>(
    figures: impl IntoIterator<Item = (&'a Figure, R)>,
    max: usize,
) -> Vec<KeyFigure<'a, R>> {
    let mut out: Vec<KeyFigure<'a, R>> = Vec::new();
    for (f, report) in figures {
        match out.iter_mut().find(|k| same_figure(k.figure, f)) {
            Some(k) if !k.reports.contains(&report) => k.reports.push(report),
            Some(_) => {}
            None => out.push(KeyFigure { figure: f, reports: vec![report] }),
        }
    }
    // A stable sort: among figures as many reports give, the first to come stays first.
    out.sort_by_key(|k| std::cmp::Reverse(k.reports.len()));
    out.truncate(max);
    out
}

/// Whether two reports' figures are the same figure ([`key_figures`]).
fn same_figure(a: &Figure, b: &Figure) -> bool {
    let value = match (a.number, b.number) {
        (Some(x), Some(y)) => x == y && a.unit == b.unit,
        _ => a.value.eq_ignore_ascii_case(&b.value) && a.unit == b.unit,
    };
    if !value {
        return false;
    }
    // Words of three letters or more, without a plural `s`; one word is another when they are
    // the same or open alike for four letters or more (`lasted`, `lasting`).
    let words = |about: &str| {
        about
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3)
            .map(|w| w.to_lowercase().trim_end_matches('s').to_string())
            .collect::<Vec<_>>()
    };
    let alike =
        |x: &str, y: &str| x == y || x.bytes().zip(y.bytes()).take_while(|(a, b)| a == b).count() >= 4;
    let (wa, wb) = (words(&a.about), words(&b.about));
    (wa.is_empty() && wb.is_empty()) || wa.iter().any(|x| wb.iter().any(|y| alike(x, y)))
}

/// A figure's value as it is shown: with its unit when the unit is a word not already in the
/// value or in what it counts ("six hours", "3 million roubles"), or a per cent ("41%").
pub fn figure_value(f: &Figure) -> String {
    match f.unit.as_deref() {
        // "41 per cent" reads "41%".
        Some("%") if !f.value.ends_with('%') => format!("{}%", f.value),
        Some(unit)
            if unit.chars().all(char::is_alphabetic)
                && !f.about.contains(unit)
                && !f.value.contains(unit) =>
        {
            format!("{} {unit}", f.value)
        }
        _ => f.value.clone(),
    }
}

/// A figure as a list shows it: the phrase it stands in, in the article's words, cut around the
/// value shown in bold ([`figure_value`] when the phrase writes it so, else the value as
/// written, with a currency sign before it). `fighting had lasted close to ` + `six hours`;
/// `about ` + `200` + ` armed men`; `Shares fell ` + `14` + ` per cent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigurePhrase {
    /// The words before the value.
    pub before: String,
    /// The value, for showing in bold.
    pub value: String,
    /// The words after it.
    pub after: String,
}

/// [`FigurePhrase`] of a figure. An analysis made before phrases held what the figure counts
/// before it (`close to six hours`) shows that after a colon: `six hours: fighting had lasted`.
pub fn figure_phrase(f: &Figure) -> FigurePhrase {
    let shown = figure_value(f);
    let at = f
        .text
        .find(&shown)
        .map(|i| (i, shown.len()))
        .or_else(|| f.text.find(&f.value).map(|i| (i, f.value.len())));
    let Some((mut start, len)) = at.filter(|_| f.text.contains(&f.about)) else {
        let after = if f.about.is_empty() { String::new() } else { format!(": {}", f.about) };
        return FigurePhrase { before: String::new(), value: shown, after };
    };
    let end = start + len;
    if let Some(sign) = f.text[..start].chars().next_back().filter(|c| matches!(c, '$' | '£' | '€')) {
        start -= sign.len_utf8();
    }
    FigurePhrase {
        before: f.text[..start].to_string(),
        value: f.text[start..end].to_string(),
        after: f.text[end..].to_string(),
    }
}

/// A figure in Markdown, as the CLI lists it: its phrase with the value in bold
/// ([`figure_phrase`]): `fighting had lasted close to **six hours**`, `about **200** armed men`.
pub fn figure_markdown(f: &Figure) -> String {
    let p = figure_phrase(f);
    format!("{}**{}**{}", p.before, p.value, p.after)
}

/// How a quote reads in a list of who said what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said<'a> {
    /// In the speaker's words: `Zelensky: “…”`.
    Direct,
    /// Reported with its cue, which reads as a sentence with the speaker before it: `Mike Pence
    /// said his running mate …`, `Ban Ki-moon urged employees to …`. A cue written as a
    /// participle reads in the past ([`finite`]): `…, adding that …` gives `Mirela Danek added …`.
    Verb(Cow<'a, str>),
    /// Reported as a noun the speaker owns, the cue with its possessive (`’s claim`): `the
    /// minister’s claim: his troops fought …`.
    Noun(&'a str),
    /// Reported after `according to`: `… , according to The Standard`.
    According,
    /// Reported with no cue to show.
    Reported,
}

/// How a quote reads ([`Said`]): direct quotes in their words, the others with their cue.
pub fn said(q: &Quote) -> Said<'_> {
    match (q.kind, q.cue.as_deref().map(str::trim)) {
        (QuoteKind::Direct, _) => Said::Direct,
        (_, Some(cue)) if cue.to_lowercase().starts_with("according") => Said::According,
        (_, Some(cue)) if cue.starts_with(['’', '\'']) => Said::Noun(cue),
        (_, Some(cue)) if !cue.is_empty() && cue != ":" => Said::Verb(finite(cue)),
        _ => Said::Reported,
    }
}

/// A cue written as a present participle (`adding`, `saying`, the `demanding` of `is
/// demanding`), in the simple past, so that it reads after its speaker: `added`, `said`,
/// `demanded`; in a cue of several words, its first (`saying in a statement`). Other cues are
/// kept as written. The irregular verbs are those that news reports use as cues.
pub fn finite(cue: &str) -> Cow<'_, str> {
    const IRREGULAR: [(&str, &str); 12] = [
        ("feeling", "felt"),
        ("finding", "found"),
        ("hearing", "heard"),
        ("knowing", "knew"),
        ("reading", "read"),
        ("saying", "said"),
        ("seeing", "saw"),
        ("seeking", "sought"),
        ("speaking", "spoke"),
        ("telling", "told"),
        ("thinking", "thought"),
        ("writing", "wrote"),
    ];
    // `saying in a statement`: the first word is the verb.
    if let Some((verb, rest)) = cue.split_once(' ') {
        let past = finite(verb);
        return if past == verb { cue.into() } else { format!("{past} {rest}").into() };
    }
    let Some(stem) = cue.strip_suffix("ing").filter(|s| s.len() > 1) else {
        return cue.into();
    };
    if let Some((_, past)) = IRREGULAR.iter().find(|(ing, _)| *ing == cue) {
        return (*past).into();
    }
    // `denying` → `denied`, but `downplaying` → `downplayed`; the `-ing` form already shows
    // a doubled consonant (`admitting`) and no `e` is lost before `-ed` (`noting` → `noted`).
    match stem.strip_suffix('y') {
        Some(before) if !before.ends_with(['a', 'e', 'i', 'o', 'u']) => format!("{before}ied").into(),
        _ => format!("{stem}ed").into(),
    }
}

/// The quotes of an article worth listing, in order. Left out: one that states nothing
/// ([`states_nothing`]), one whose speaker is known only as `I` or `we`, and one that lies inside
/// another listed quote, whose line already shows its words: of the same speaker (`said he hopes
/// to announce a deal` holds `hopes to announce a deal`) or of one it reports (`Brenning said
/// Quillfire still expected the Nimbus S to sell well` holds Quillfire's expectation, which is
/// Brenning's word, not a line of Quillfire's own). The analysis keeps each as an attribution.
pub fn listed_quotes(quotes: &[Quote]) -> Vec<&Quote> {
    let listable = |q: &Quote| !states_nothing(q) && !unnamed_first_person(q);
    quotes
        .iter()
        .enumerate()
        .filter(|&(_, q)| listable(q))
        .filter(|&(i, q)| {
            !quotes.iter().enumerate().any(|(j, o)| {
                let inside =
                    o.span.part == q.span.part && o.span.start <= q.span.start && q.span.end <= o.span.end;
                let same = o.span.start == q.span.start && o.span.end == q.span.end;
                // Of two quotes with the same words, the first is listed.
                j != i && inside && (!same || j < i) && listable(o)
            })
        })
        .map(|(_, q)| q)
        .collect()
}

/// The cues of [`states_nothing`], sorted (it searches them by halves).
const ACTS: &[&str] = &[
    "back",
    "backed",
    "backing",
    "backs",
    "consider",
    "considered",
    "considering",
    "considers",
    "declined",
    "declines",
    "declining",
    "defend",
    "defended",
    "defending",
    "defends",
    "offer",
    "offered",
    "offering",
    "offers",
    "refer",
    "referred",
    "referring",
    "refers",
    "seek",
    "seeking",
    "seeks",
    "sought",
    "support",
    "supported",
    "supporting",
    "supports",
    "welcome",
    "welcomed",
    "welcomes",
    "welcoming",
];

/// Whether an attribution states nothing a reader could weigh. An act: an offer, a search, a
/// backing, a welcome, a defence, a thing considered or referred to, a comment declined (`MCI
/// offers internet services`, `the firm sought bankruptcy protection`, `VEB declined to comment`,
/// `she said, referring to Jonah`). Or words that point at what the list does not show: a
/// pronoun with a word at most (`the company wants it back`, `he denied this`). The analysis
/// keeps them, as attributions in the sense PolNeAR annotates; who-said-what lists do not.
pub fn states_nothing(q: &Quote) -> bool {
    if q.kind == QuoteKind::Direct {
        return false;
    }
    let verb = q.cue.as_deref().and_then(|c| c.split(' ').next()).unwrap_or("");
    let mut words = q.text.split_whitespace();
    // Not `her`, which may own what follows (`repeated her innocence`); not a word in quotation
    // marks (`called it “derisory”`).
    let pointer = words.next().is_some_and(|w| {
        let w = w.trim_end_matches([',', '.', ';']);
        ["it", "this", "that", "them", "him", "these", "those"].iter().any(|p| p.eq_ignore_ascii_case(w))
    }) && words.nth(1).is_none()
        && !q.text.contains(['“', '"', '‘']);
    pointer || ACTS.binary_search(&verb.to_lowercase().as_str()).is_ok()
}

/// Whether a quote's speaker is known only as `I` or `we`: the writer in their own voice (`In our
/// review we praised its camera`), which the byline answers for, or someone the analysis could
/// not name, which a list of who said what cannot use either.
fn unnamed_first_person(q: &Quote) -> bool {
    speaker_name(q).is_some_and(|n| ["i", "we", "us"].iter().any(|p| p.eq_ignore_ascii_case(n)))
}

fn speaker_name(q: &Quote) -> Option<&str> {
    q.speaker.as_ref().map(|s| s.name.as_str())
}

/// What a list of who said what knows of the article a quote is from: which words it writes in
/// lower case, and the names of its entities. With it, a capital that only opened the reporter's
/// sentence can go (`said turnout was 68.4 per cent`), and a name's stays. On a story's page the
/// other reports count too ([`ArticleWords::in_story`]): one report writes `turnout` where
/// another only opens a sentence with it.
#[derive(Debug, Clone, Copy)]
pub struct ArticleWords<'a> {
    article: &'a Article,
    entities: &'a [Entity],
    story: &'a [&'a Article],
}

impl<'a> ArticleWords<'a> {
    /// The words of `article`, with the entities its analysis found.
    pub fn new(article: &'a Article, analysis: &'a Analysis) -> Self {
        ArticleWords { article, entities: &analysis.entities, story: &[] }
    }

    /// The same, with the lower-case words of the other reports of its story as well.
    pub fn in_story(self, reports: &'a [&'a Article]) -> Self {
        ArticleWords { story: reports, ..self }
    }

    /// Whether `lower`, a word in lower case, is a common word of this article: no entity's name
    /// or form holds it, and the article (or a report of its story) writes it in lower case
    /// somewhere, or its singular or plural (`contract` for `Contracts`).
    fn is_common(&self, lower: &str) -> bool {
        let names = self.entities.iter().flat_map(|e| std::iter::once(&e.name).chain(&e.forms));
        if names.flat_map(|n| n.split(|c: char| !c.is_alphanumeric())).any(|w| w.eq_ignore_ascii_case(lower))
        {
            return false;
        }
        let singular = lower.strip_suffix('s').filter(|s| s.len() > 2);
        let same =
            |w: &str| w == lower || singular == Some(w) || w.strip_suffix('s').is_some_and(|s| s == lower);
        std::iter::once(self.article).chain(self.story.iter().copied()).any(|article| {
            let standfirst = article.standfirst.as_deref().into_iter();
            let body = article.blocks.iter().filter(|b| b.is_body()).map(|b| b.text_cow());
            let texts = standfirst.map(std::borrow::Cow::Borrowed).chain(body);
            texts.into_iter().any(|t| t.split(|c: char| !c.is_alphanumeric() && c != '-').any(same))
        })
    }
}

/// A quote's words as they read in a list of who said what: without the comma that led back to
/// its cue (`“We will stay,” she said`), and, when they read after the speaker and the cue
/// ([`Said::Verb`]), without the capital that opened the reporter's sentence: `The Standard
/// claimed the troops …` from `The troops …, the Standard claimed`. Only a word that is no name
/// loses its capital: one that is never a name (`The`, `Its`, `Some`), or one the article also
/// writes in lower case and no entity of it holds (`Turnout`); `Kyiv` and `I` keep theirs. `how`
/// is [`said`]`(q)`; `words` are those of the quote's article.
pub fn quote_text<'q>(q: &'q Quote, how: &Said<'_>, words: &ArticleWords<'_>) -> Cow<'q, str> {
    let text = q.text.trim_end_matches([',', ' ']);
    if !matches!(how, Said::Verb(_)) {
        return text.into();
    }
    let first = text.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    let mut letters = first.chars();
    let lower = first.to_lowercase();
    let capital_only = letters.next().is_some_and(char::is_uppercase) && letters.all(char::is_lowercase);
    // `May` and `Will` are names as often as words.
    let never_a_name =
        !matches!(lower.as_str(), "i" | "may" | "will") && newsbite_text::terms::is_stop_word(&lower);
    if capital_only && lower != "i" && (never_a_name || words.is_common(&lower)) {
        format!("{lower}{}", &text[first.len()..]).into()
    } else {
        text.into()
    }
}

/// A quote in Markdown, as the CLI lists it, with its speaker's name `who`:
/// `**Zelensky**: “…”`, `**Mike Pence** said his running mate …`, `…, according to **The
/// Standard**`, `**X** (reported): …`. `words` are those of the quote's article.
pub fn quote_markdown(who: &str, q: &Quote, words: &ArticleWords<'_>) -> String {
    let how = said(q);
    let text = quote_text(q, &how, words);
    match how {
        Said::Direct => format!("**{who}**: “{text}”"),
        Said::Verb(cue) => format!("**{who}** {cue} {text}"),
        Said::Noun(cue) => format!("**{who}**{cue}: {text}"),
        Said::According => format!("{text}, according to **{who}**"),
        Said::Reported => format!("**{who}** (reported): {text}"),
    }
}

/// Reads a time a person typed (on the command line, in a search form): a duration back from
/// `now` (`90m`, `24h`, `7d`, `2w`), an RFC 3339 time, or a date (`2026-11-24`, midnight UTC).
/// The error says what was wrong, for showing as it is.
pub fn parse_time(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Some(unit) = t.chars().last().filter(|c| c.is_ascii_alphabetic()) {
        let number: &str = &t[..t.len() - 1];
        if let Ok(n) = number.parse::<i64>() {
            let span = match unit {
                'm' => Duration::try_minutes(n),
                'h' => Duration::try_hours(n),
                'd' => Duration::try_days(n),
                'w' => Duration::try_weeks(n),
                _ => None,
            };
            if let Some(at) = span.and_then(|span| now.checked_sub_signed(span)) {
                return Ok(at);
            }
        }
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(at.with_timezone(&Utc));
    }
    if let Ok(date) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN)));
    }
    Err(format!(
        "cannot read the time {text:?}: give a duration back from now (90m, 24h, 7d, 2w), a date \
         (2026-11-24) or an RFC 3339 time"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use newsbite_model::{Part, Span};

    #[test]
    fn figures_show_their_unit_once() {
        let mut f = Figure {
            value: "six".into(),
            number: Some(6.0),
            unit: Some("hours".into()),
            about: "fighting had lasted".into(),
            text: "close to six hours".into(),
            span: Span { part: Part::Headline, start: 0, end: 1 },
        };
        assert_eq!(figure_value(&f), "six hours");
        f.about = "bonuses (hours)".into();
        assert_eq!(figure_value(&f), "six");
        f.unit = Some("%".into());
        f.value = "41".into();
        assert_eq!(figure_value(&f), "41%", "41 per cent");
        f.value = "2%".into();
        assert_eq!(figure_value(&f), "2%");
        f.unit = Some("$".into());
        f.value = "$1.13bn".into();
        assert_eq!(figure_value(&f), "$1.13bn");
        // An analysis whose phrase does not hold what the figure counts.
        assert_eq!(figure_markdown(&f), "**$1.13bn**: bonuses (hours)");
        f.about = String::new();
        assert_eq!(figure_markdown(&f), "**$1.13bn**");
    }

    #[test]
    fn figures_read_as_the_article_writes_them() {
        let fig = |value: &str, unit: Option<&str>, about: &str, text: &str| Figure {
            value: value.into(),
            number: None,
            unit: unit.map(Into::into),
            about: about.into(),
            text: text.into(),
            span: Span { part: Part::Headline, start: 0, end: 1 },
        };
        let md = |f: Figure| figure_markdown(&f);
        assert_eq!(
            md(fig("six", Some("hours"), "fighting had lasted", "fighting had lasted close to six hours")),
            "fighting had lasted close to **six hours**"
        );
        assert_eq!(md(fig("200", None, "armed men", "about 200 armed men")), "about **200** armed men");
        assert_eq!(
            md(fig("14", Some("%"), "Shares fell", "Shares fell 14 per cent")),
            "Shares fell **14** per cent"
        );
        assert_eq!(md(fig("1.13bn", Some("$"), "profit", "$1.13bn profit")), "**$1.13bn** profit");
        assert_eq!(md(fig("3–2", None, "", "3–2")), "**3–2**");
        // Made before phrases held what a figure counts before it.
        assert_eq!(
            md(fig("six", Some("hours"), "fighting had lasted", "close to six hours")),
            "**six hours**: fighting had lasted"
        );
    }

    #[test]
    fn stance_counts_agree_in_number() {
        assert_eq!(stance_count(1, Stance::Affirms), "1 says yes");
        assert_eq!(stance_count(4, Stance::Denies), "4 say no");
        assert_eq!(stance_count(3, Stance::NoEvidence), "3 say there is no evidence");
        assert_eq!(stance_count(2, Stance::Unclear), "2 unclear");
    }

    fn summary(id: i64, sources: usize, hour: u32, disputed: bool) -> StorySummary {
        let t = Utc.with_ymd_and_hms(2026, 11, 25, hour, 0, 0).unwrap();
        StorySummary {
            id,
            title: format!("story {id}"),
            bite: Vec::new(),
            articles: sources,
            sources,
            first_seen: t,
            last_seen: t,
            updated_at: t,
            disputed,
        }
    }

    #[test]
    fn more_sources_first_then_fresher_then_disputed() {
        let order: Vec<i64> = ranked(vec![
            summary(1, 2, 9, false),
            summary(2, 5, 8, false),
            summary(3, 2, 10, false),
            summary(4, 2, 10, true),
        ])
        .iter()
        .map(|s| s.id)
        .collect();
        assert_eq!(order, vec![2, 4, 3, 1]);
    }

    #[test]
    fn times_people_type() {
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
        assert_eq!(parse_time("24h", now), Ok(now - Duration::hours(24)));
        assert_eq!(parse_time(" 2w ", now), Ok(now - Duration::weeks(2)));
        assert_eq!(parse_time("2026-11-24", now), Ok(Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap()));
        assert!(parse_time("yesterday", now).unwrap_err().contains("\"yesterday\""));
        // Too far back for a date: an error, not a panic.
        assert!(parse_time("9999999999999999w", now).is_err());
        assert!(parse_time("100000000000d", now).is_err());
    }

    #[test]
    fn key_figures_are_those_most_reports_give() {
        let span = Span { part: Part::Headline, start: 0, end: 1 };
        let fig = |value: &str, number: f64, about: &str| Figure {
            value: value.into(),
            number: Some(number),
            unit: None,
            about: about.into(),
            text: value.into(),
            span,
        };
        let skips = fig("96", 96.0, "skips");
        let homes = fig("340", 340.0, "homes");
        let flooded = fig("340", 340.0, "flooded homes");
        let aid = fig("12 million", 12e6, "crowns");
        let aid_again = fig("12,000,000", 12e6, "crowns in aid");
        let battle = fig("six", 6.0, "armed men in a battle lasting");
        let fighting = fig("six", 6.0, "fighting had lasted");
        let soldiers = fig("two", 2.0, "Valdorian soldiers");
        let posts = fig("two", 2.0, "observation posts");
        let kept = key_figures(
            [
                (&skips, "Herald"),
                (&soldiers, "Herald"),
                (&homes, "Herald"),
                (&posts, "Press"),
                (&flooded, "Press"),
                (&aid, "Press"),
                (&homes, "Times"),
                (&aid_again, "Times"),
                (&battle, "Press"),
                (&fighting, "Times"),
                // A report that gives a figure twice counts once.
                (&homes, "Times"),
            ],
            10,
        );
        let got: Vec<(&str, &str, Vec<&str>)> = kept
            .iter()
            .map(|k| (k.figure.value.as_str(), k.figure.about.as_str(), k.reports.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("340", "homes", vec!["Herald", "Press", "Times"]),
                ("12 million", "crowns", vec!["Press", "Times"]),
                ("six", "armed men in a battle lasting", vec!["Press", "Times"]),
                ("96", "skips", vec!["Herald"]),
                ("two", "Valdorian soldiers", vec!["Herald"]),
                ("two", "observation posts", vec!["Press"]),
            ]
        );
        assert_eq!(key_figures([(&skips, 1), (&homes, 2)], 1).len(), 1);
    }

    fn quote(kind: QuoteKind, text: &str, cue: Option<&str>) -> Quote {
        Quote {
            kind,
            text: text.into(),
            span: Span { part: Part::Block(0), start: 0, end: text.len() },
            cue: cue.map(str::to_string),
            speaker: None,
        }
    }

    #[test]
    fn quotes_read_as_the_article_reports_them() {
        let (article, analysis) = (Article::new("Talks"), Analysis::default());
        let words = ArticleWords::new(&article, &analysis);
        let direct = quote(QuoteKind::Direct, "Yes, there are already losses,", Some("said"));
        assert_eq!(
            quote_markdown("Volodymyr Zelensky", &direct, &words),
            "**Volodymyr Zelensky**: “Yes, there are already losses”"
        );
        let claimed = quote(QuoteKind::Indirect, "the troops had not yet fought", Some("claimed"));
        assert_eq!(said(&claimed), Said::Verb("claimed".into()));
        assert_eq!(
            quote_markdown("The Standard", &claimed, &words),
            "**The Standard** claimed the troops had not yet fought"
        );
        let according = quote(QuoteKind::Mixed, "11,000 troops are there", Some("according to"));
        assert_eq!(
            quote_markdown("US officials", &according, &words),
            "11,000 troops are there, according to **US officials**"
        );
        let bare = quote(QuoteKind::Indirect, "the talks failed", None);
        assert_eq!(
            quote_markdown("Mark Rutte", &bare, &words),
            "**Mark Rutte** (reported): the talks failed"
        );
        let colon = quote(QuoteKind::Indirect, "the talks failed", Some(":"));
        assert_eq!(said(&colon), Said::Reported);
        let claim = quote(QuoteKind::Indirect, "his troops fought at the pass", Some("’s claim"));
        assert_eq!(
            quote_markdown("Valdorian defence minister", &claim, &words),
            "**Valdorian defence minister**’s claim: his troops fought at the pass"
        );
        let adding = quote(QuoteKind::Indirect, "no unit had crossed the border", Some("adding"));
        assert_eq!(
            quote_markdown("Mirela Danek", &adding, &words),
            "**Mirela Danek** added no unit had crossed the border"
        );
    }

    #[test]
    fn a_participle_cue_reads_in_the_past() {
        for (cue, past) in [
            ("saying", "said"),
            ("adding", "added"),
            ("noting", "noted"),
            ("arguing", "argued"),
            ("admitting", "admitted"),
            ("denying", "denied"),
            ("downplaying", "downplayed"),
            ("telling", "told"),
            ("claimed", "claimed"),
            ("told reporters", "told reporters"),
            ("saying in a statement", "said in a statement"),
            ("sing", "sing"),
        ] {
            assert_eq!(finite(cue), past);
        }
    }

    #[test]
    fn a_content_before_its_cue_loses_only_a_word_capital() {
        let (article, analysis) = (Article::new("Talks"), Analysis::default());
        let words = ArticleWords::new(&article, &analysis);
        // `The agreement is a good one, Gordon Brown said.`
        let before = quote(QuoteKind::Indirect, "The agreement is a good one,", Some("said"));
        assert_eq!(
            quote_markdown("Gordon Brown", &before, &words),
            "**Gordon Brown** said the agreement is a good one"
        );
        for kept in ["Kyiv has asked for more", "I will stay", "May will resign", "US troops left", "THE END"]
        {
            let q = quote(QuoteKind::Indirect, kept, Some("said"));
            assert_eq!(quote_text(&q, &said(&q), &words), kept);
        }
        // Direct quotes and `according to` keep the speaker's or the sentence's capital.
        let direct = quote(QuoteKind::Direct, "The agreement is good.", Some("said"));
        assert_eq!(quote_text(&direct, &said(&direct), &words), "The agreement is good.");
        let according = quote(QuoteKind::Indirect, "The talks failed", Some("according to"));
        assert_eq!(quote_text(&according, &said(&according), &words), "The talks failed");
    }

    #[test]
    fn a_capital_goes_when_the_article_writes_the_word_in_lower_case_and_no_name_holds_it() {
        let mut article = Article::new("Record turnout");
        article.blocks = vec![newsbite_model::Block::Paragraph {
            text: "Turnout was 68 per cent, the commission said. Young voters drove the turnout; \
                   Neil Young and young people sang. Kessel was safe."
                .into(),
        }];
        let analysis = Analysis {
            entities: vec![Entity {
                name: "Neil Young".into(),
                kind: newsbite_model::EntityKind::Person,
                mentions: 1,
                forms: vec!["Neil Young".into()],
            }],
            ..Analysis::default()
        };
        let words = ArticleWords::new(&article, &analysis);
        let read = |text: &str| {
            let q = quote(QuoteKind::Indirect, text, Some("said"));
            quote_text(&q, &said(&q), &words).into_owned()
        };
        assert_eq!(read("Turnout was 68 per cent,"), "turnout was 68 per cent");
        // A name's word, and a word the article only writes with a capital, keep it.
        assert_eq!(read("Young voters drove the turnout"), "Young voters drove the turnout");
        assert_eq!(read("Kessel was safe"), "Kessel was safe");
        assert_eq!(read("Commission staff said so"), "commission staff said so");
        // A word is matched whole: `voters` is no sign that `Vote` is a word …
        assert_eq!(read("Vote counts were late"), "Vote counts were late");
        // … but its singular or plural is (`the turnout`).
        assert_eq!(read("Turnouts were high"), "turnouts were high");

        // On a story's page, another report's lower-case word counts.
        let mut other = article.clone();
        other.blocks =
            vec![newsbite_model::Block::Paragraph { text: "Kessel is a name; the vote was late.".into() }];
        let reports = [&other];
        let words = ArticleWords::new(&article, &analysis).in_story(&reports);
        let q = quote(QuoteKind::Indirect, "Vote counts were late", Some("said"));
        assert_eq!(quote_text(&q, &said(&q), &words), "vote counts were late");
        let q = quote(QuoteKind::Indirect, "Kessel was safe", Some("said"));
        assert_eq!(quote_text(&q, &said(&q), &words), "Kessel was safe");
    }

    #[test]
    fn a_quote_inside_another_listed_one_is_not_listed() {
        let speaker = |name: &str| {
            Some(newsbite_model::Speaker { mention: name.into(), name: name.into(), span: None })
        };
        let at = |start, end, who: &str| Quote {
            kind: QuoteKind::Indirect,
            text: "x".repeat(end - start),
            span: Span { part: Part::Block(0), start, end },
            cue: Some("said".into()),
            speaker: speaker(who),
        };
        let qs = [
            at(10, 90, "Gordon Brown"),
            at(20, 90, "Gordon Brown"),
            at(20, 90, "Jack Straw"),
            at(10, 90, "Gordon Brown"),
            at(95, 99, "Jack Straw"),
        ];
        let listed: Vec<(usize, usize)> =
            listed_quotes(&qs).iter().map(|q| (q.span.start, q.span.end)).collect();
        // The second and third are inside the first (Brown's line shows Straw's words); the
        // fourth repeats the first; the fifth stands alone.
        assert_eq!(listed, [(10, 90), (95, 99)]);

        // Inside a line that is not listed, a quote is listed: `declined to comment on Straw's
        // claim that …`.
        let mut act = at(10, 90, "Gordon Brown");
        act.cue = Some("declined".into());
        let qs = [act, at(20, 90, "Jack Straw")];
        let listed: Vec<_> = listed_quotes(&qs).iter().filter_map(|q| speaker_name(q)).collect();
        assert_eq!(listed, ["Jack Straw"]);
    }

    #[test]
    fn an_act_that_states_nothing_is_not_listed() {
        let acts = [
            quote(QuoteKind::Indirect, "internet services", Some("offers")),
            quote(QuoteKind::Indirect, "bankruptcy protection", Some("sought")),
            quote(QuoteKind::Indirect, "to comment", Some("declined")),
            quote(QuoteKind::Indirect, "the decision", Some("Welcomed")),
            quote(QuoteKind::Indirect, "19-year-old Jonah Merriweather", Some("referring")),
            // Words that point at what the list does not show.
            quote(QuoteKind::Indirect, "it back", Some("wants")),
            quote(QuoteKind::Indirect, "this,", Some("denied")),
        ];
        assert!(ACTS.windows(2).all(|w| w[0] < w[1]), "ACTS is sorted");
        assert!(acts.iter().all(states_nothing));
        assert!(listed_quotes(&acts).is_empty());
        let claims = [
            quote(QuoteKind::Indirect, "the troops had not fought", Some("said")),
            quote(QuoteKind::Indirect, "to withdraw his claim that the troops fought", Some("refused")),
            quote(QuoteKind::Indirect, "12 million crowns in aid", Some("pledged")),
            // The speaker's own words are always theirs to list.
            quote(QuoteKind::Direct, "We offer nothing", Some("offered")),
            quote(QuoteKind::Indirect, "it would not change its forecast", Some("said")),
            quote(QuoteKind::Direct, "It is", Some("said")),
            quote(QuoteKind::Indirect, "her innocence", Some("repeated")),
            quote(QuoteKind::Indirect, "it “derisory”", Some("called")),
        ];
        assert!(!claims.iter().any(states_nothing));
        assert!(claims.iter().all(|q| listed_quotes(std::slice::from_ref(q)).len() == 1));
    }

    #[test]
    fn a_speaker_known_only_as_we_is_not_listed() {
        let speaker = |name: &str| {
            Some(newsbite_model::Speaker { mention: name.into(), name: name.into(), span: None })
        };
        let mut ours = quote(QuoteKind::Indirect, "its camera and its two-day battery", Some("praised"));
        ours.speaker = speaker("we");
        let mut theirs = quote(QuoteKind::Indirect, "its camera and its two-day battery", Some("praised"));
        theirs.speaker = speaker("Hana Lisewski");
        let qs = [ours, theirs];
        let listed: Vec<_> = listed_quotes(&qs).iter().filter_map(|q| speaker_name(q)).collect();
        assert_eq!(listed, ["Hana Lisewski"]);
    }
}
