//! The HTML pages: digest, story, article reader and search.
//!
//! Each handler reads what it needs from the library on a pooled connection, builds a small view
//! model of plain strings (so templates only lay things out), and renders an askama template.
//! Templates escape every value; nothing here marks article text as safe, and links to the
//! original reports are only ever `http` or `https` URLs ([`safe_url`]).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use newsbite_library::store::{
    Query as SearchQuery, Store, StoreError, StoredArticle, StoryDetail, StorySummary,
};
use newsbite_library::view;
use newsbite_model::{Article, Block, Part, ReportRef};
use serde::Deserialize;

use crate::error::WebError;
use crate::text::{self, Piece};
use crate::App;

/// Stories on one digest page.
pub const DIGEST_PAGE: usize = 30;
/// Hits on one search page.
pub const SEARCH_PAGE: usize = 20;
/// How many reports of a story the story page reads in full (for who said what and figures).
const STORY_READS: usize = 12;

/// A link to a report's original: only `http` and `https` URLs, anything else gives none.
pub fn safe_url(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| url.to_string())
}

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn when_fixed(t: Option<DateTime<FixedOffset>>) -> (String, String) {
    match t {
        Some(t) => (t.to_rfc3339(), when(t.with_timezone(&Utc))),
        None => (String::new(), "undated".into()),
    }
}

fn render(t: &impl Template) -> Result<Html<String>, WebError> {
    Ok(Html(t.render()?))
}

// ---------------------------------------------------------------------------------------------
// Digest

/// Query of the digest page.
#[derive(Debug, Default, Deserialize)]
pub struct DigestParams {
    /// Stories seen since: `24h`, `7d`, a date or an RFC 3339 time.
    pub since: Option<String>,
    /// Page number, from 1.
    pub page: Option<usize>,
}

/// One story on the digest.
pub struct Card {
    id: i64,
    title: String,
    bite: String,
    sources: usize,
    articles: usize,
    disputed: bool,
    seen_iso: String,
    seen: String,
    /// Its first report's first figures, as the article writes them.
    figures: Vec<view::FigurePhrase>,
    disputes: Vec<(String, String)>,
    publishers: Vec<String>,
}

#[derive(Template)]
#[template(path = "digest.html")]
struct DigestPage {
    nav: &'static str,
    cards: Vec<Card>,
    note: String,
    since: String,
    since_q: String,
    page: usize,
    pages: usize,
}

/// The stories a digest shows, ranked: those seen since `since`, or, when the library has none
/// that recent and no time was asked for, its latest ones. The flag says which.
pub fn digest_stories(
    store: &Store,
    since: DateTime<Utc>,
    fall_back: bool,
) -> Result<(Vec<StorySummary>, bool), WebError> {
    let recent = store.stories(Some(since))?;
    if !recent.is_empty() || !fall_back {
        return Ok((view::ranked(recent), false));
    }
    let mut latest = store.stories(None)?;
    latest.truncate(DIGEST_PAGE);
    Ok((view::ranked(latest), true))
}

fn card(store: &Store, s: StorySummary) -> Result<Card, WebError> {
    let detail = store.story(s.id)?;
    let mut figures = Vec::new();
    let mut disputes = Vec::new();
    let mut publishers: Vec<String> = Vec::new();
    if let Some(d) = &detail {
        if let Some(first) = d.reports.first() {
            if let Some(a) = readable(store.article(first.article))? {
                figures = a.analysis.figures.iter().take(3).map(view::figure_phrase).collect();
            }
        }
        for c in d.claims.iter().filter(|c| c.disputed) {
            let mut counts: Vec<String> = Vec::new();
            for stance in view::STANCES {
                let n = c.positions.iter().filter(|p| p.stance == stance).count();
                if n > 0 {
                    counts.push(view::stance_count(n, stance));
                }
            }
            disputes.push((c.about.clone(), counts.join(" · ")));
        }
        for r in &d.reports {
            let name = r.publisher.clone().unwrap_or_else(|| "unknown source".into());
            if !publishers.contains(&name) {
                publishers.push(name);
            }
        }
    }
    Ok(Card {
        id: s.id,
        title: s.title,
        bite: s.bite.join(" "),
        sources: s.sources,
        articles: s.articles,
        disputed: s.disputed,
        seen_iso: s.last_seen.to_rfc3339(),
        seen: when(s.last_seen),
        figures,
        disputes,
        publishers,
    })
}

/// `GET /`: the digest.
pub async fn digest(State(app): State<App>, Query(p): Query<DigestParams>) -> Result<Html<String>, WebError> {
    let now = Utc::now();
    let asked = p.since.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let since = match &asked {
        Some(s) => view::parse_time(s, now).map_err(WebError::bad_request)?,
        None => now - Duration::hours(24),
    };
    let page = p.page.unwrap_or(1).max(1);
    let fall_back = asked.is_none();
    let (cards, total, fell_back) = app
        .readers
        .read(move |store| {
            let (stories, fell_back) = digest_stories(store, since, fall_back)?;
            let total = stories.len();
            let cards = stories
                .into_iter()
                .skip((page - 1) * DIGEST_PAGE)
                .take(DIGEST_PAGE)
                .map(|s| card(store, s))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((cards, total, fell_back))
        })
        .await?;
    let note = if fell_back {
        format!("Nothing in the last 24 hours; the {total} latest stories.")
    } else {
        format!("{total} stories since {}.", when(since))
    };
    render(&DigestPage {
        nav: "digest",
        cards,
        note,
        since_q: form_urlencoded::byte_serialize(asked.as_deref().unwrap_or("").as_bytes()).collect(),
        since: asked.unwrap_or_default(),
        page,
        pages: total.div_ceil(DIGEST_PAGE).max(1),
    })
}

// ---------------------------------------------------------------------------------------------
// Story

struct PositionView {
    speaker: String,
    sentence: String,
    source: String,
    article: i64,
    anchor: String,
    original: Option<String>,
}

struct Column {
    label: &'static str,
    key: &'static str,
    positions: Vec<PositionView>,
}

struct Dispute {
    about: String,
    columns: Vec<Column>,
}

struct QuoteView {
    speaker: String,
    /// How it reads: `direct` (`Speaker: “…”`), `verb` (`Speaker claimed …`, with `cue`),
    /// `according` (`…, according to Speaker`) or `reported` ([`view::Said`]).
    how: &'static str,
    cue: String,
    text: String,
    source: String,
    article: i64,
    anchor: String,
}

struct FigureView {
    /// The figure as the first report that gives it writes it.
    phrase: view::FigurePhrase,
    /// The first report that gives it: its source and article.
    source: String,
    article: i64,
    /// How many of the reports read give it.
    reports: usize,
}

struct Report {
    article: i64,
    when_iso: String,
    when: String,
    publisher: String,
    headline: String,
    original: Option<String>,
    copies: Vec<Report>,
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage {
    nav: &'static str,
    id: i64,
    title: String,
    bite: String,
    sources: usize,
    articles: usize,
    disputed: bool,
    disputes: Vec<Dispute>,
    agreed: Vec<(String, String)>,
    quotes: Vec<QuoteView>,
    figures: Vec<FigureView>,
    timeline: Vec<Report>,
}

fn anchor(part: Part) -> String {
    match part {
        Part::Headline => "top".into(),
        Part::Standfirst => "standfirst".into(),
        Part::Block(i) => format!("b{i}"),
    }
}

fn source_name(r: Option<&ReportRef>, article: i64) -> String {
    match r {
        Some(r) => r.publisher.clone().unwrap_or_else(|| r.headline.clone()),
        None => format!("article #{article}"),
    }
}

fn report(r: &ReportRef) -> Report {
    let (when_iso, when) = when_fixed(r.published);
    Report {
        article: r.article,
        when_iso,
        when,
        publisher: r.publisher.clone().unwrap_or_else(|| "unknown source".into()),
        headline: r.headline.clone(),
        original: safe_url(r.url.as_deref()),
        copies: r.copies.iter().map(report).collect(),
    }
}

fn story_page(detail: StoryDetail, reports: Vec<StoredArticle>) -> StoryPage {
    let s = &detail.summary;
    let disputes = detail
        .claims
        .iter()
        .filter(|c| c.disputed)
        .map(|c| Dispute {
            about: c.about.clone(),
            columns: view::STANCES
                .iter()
                .map(|&stance| Column {
                    label: view::stance_label(stance),
                    key: view::stance_key(stance),
                    positions: c
                        .positions
                        .iter()
                        .filter(|p| p.stance == stance)
                        .map(|p| {
                            let r = view::report_of(&detail, p.article);
                            PositionView {
                                speaker: p.speaker.clone(),
                                sentence: p.sentence.clone(),
                                source: source_name(r, p.article),
                                article: p.article,
                                anchor: anchor(p.span.part),
                                original: safe_url(r.and_then(|r| r.url.as_deref())),
                            }
                        })
                        .collect(),
                })
                .filter(|col| !col.positions.is_empty() || col_always(col.key))
                .collect(),
        })
        .collect();
    let agreed = detail
        .claims
        .iter()
        .filter(|c| !c.disputed)
        .map(|c| {
            let mut who: Vec<&str> = c.positions.iter().map(|p| p.speaker.as_str()).collect();
            who.dedup();
            (c.about.clone(), who.join(", "))
        })
        .collect();
    let mut quotes = Vec::new();
    let mut by_speaker: BTreeMap<String, usize> = BTreeMap::new();
    let story: Vec<&Article> = reports.iter().map(|a| &a.article).collect();
    for a in &reports {
        let from = a.article.publisher.clone().unwrap_or_else(|| "unknown source".into());
        let words = view::ArticleWords::new(&a.article, &a.analysis).in_story(&story);
        for q in view::listed_quotes(&a.analysis.quotes) {
            let Some(sp) = &q.speaker else { continue };
            let n = by_speaker.entry(sp.name.clone()).or_default();
            if *n >= 3 {
                continue;
            }
            *n += 1;
            let said = view::said(q);
            let text = view::quote_text(q, &said, &words).into_owned();
            let (how, cue) = match said {
                view::Said::Direct => ("direct", Default::default()),
                view::Said::Verb(cue) => ("verb", cue),
                view::Said::Noun(cue) => ("noun", cue.into()),
                view::Said::According => ("according", Default::default()),
                view::Said::Reported => ("reported", Default::default()),
            };
            quotes.push(QuoteView {
                speaker: sp.name.clone(),
                how,
                cue: cue.into_owned(),
                text,
                source: from.clone(),
                article: a.id,
                anchor: anchor(q.span.part),
            });
        }
    }
    quotes.sort_by(|a, b| a.speaker.cmp(&b.speaker));
    let figures = view::key_figures(
        reports.iter().flat_map(|a| {
            let from = a.article.publisher.clone().unwrap_or_else(|| "unknown source".into());
            a.analysis.figures.iter().map(move |f| (f, (from.clone(), a.id)))
        }),
        view::KEY_FIGURES,
    )
    .into_iter()
    .map(|k| {
        let (source, article) = k.reports[0].clone();
        FigureView { phrase: view::figure_phrase(k.figure), source, article, reports: k.reports.len() }
    })
    .collect();
    let mut timeline: Vec<Report> = detail.reports.iter().map(report).collect();
    timeline.sort_by(|a, b| a.when_iso.cmp(&b.when_iso));
    StoryPage {
        nav: "",
        id: s.id,
        title: s.title.clone(),
        bite: s.bite.join(" "),
        sources: s.sources,
        articles: s.articles,
        disputed: s.disputed,
        disputes,
        agreed,
        quotes,
        figures,
        timeline,
    }
}

/// The yes and no columns show even when empty, so a dispute always reads as two sides.
fn col_always(key: &str) -> bool {
    key == "yes" || key == "no"
}

/// A story with the reports read in full for the page (the first few, copies left out).
pub fn story_with_reports(store: &Store, id: i64) -> Result<(StoryDetail, Vec<StoredArticle>), WebError> {
    let detail = store.story(id)?.ok_or_else(|| WebError::not_found(format!("there is no story #{id}")))?;
    let mut reports = Vec::new();
    for r in detail.reports.iter().take(STORY_READS) {
        reports.extend(readable(store.article(r.article))?);
    }
    Ok((detail, reports))
}

/// A report read for a page that shows many: one that cannot be read back is left out (and
/// logged), so that one bad row does not take the digest or its story down with it.
fn readable(read: Result<Option<StoredArticle>, StoreError>) -> Result<Option<StoredArticle>, StoreError> {
    if let Err(e) = &read {
        if e.is_unreadable() {
            tracing::warn!("a report is left out of the page: {e}");
        }
    }
    newsbite_library::store::skip_unreadable(read)
}

/// `GET /story/{id}`.
pub async fn story(State(app): State<App>, Path(id): Path<i64>) -> Result<Html<String>, WebError> {
    let (detail, reports) = app.readers.read(move |store| story_with_reports(store, id)).await?;
    render(&story_page(detail, reports))
}

// ---------------------------------------------------------------------------------------------
// Article reader

struct BlockView {
    anchor: String,
    kind: &'static str,
    pieces: Vec<Piece>,
    level: u8,
    credit: Option<String>,
    ordered: bool,
    items: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    nav: &'static str,
    id: i64,
    headline: String,
    meta: Vec<String>,
    standfirst: Vec<Piece>,
    blocks: Vec<BlockView>,
    original: Option<String>,
    story: Option<(i64, String)>,
    bite: Vec<String>,
    figures: Vec<view::FigurePhrase>,
    speakers: Vec<(String, usize)>,
    versions: usize,
}

fn meta(a: &Article) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(p) = a.site_name.as_ref().or(a.publisher.as_ref()) {
        parts.push(p.clone());
    }
    if !a.byline.is_empty() {
        parts.push(format!("by {}", a.byline.join(", ")));
    }
    if let Some(t) = &a.published {
        let at = match t.precision {
            newsbite_model::Precision::Date => t.at.format("%Y-%m-%d").to_string(),
            newsbite_model::Precision::Time => t.at.format("%Y-%m-%d %H:%M %:z").to_string(),
        };
        let guessed =
            if t.provenance == newsbite_model::Provenance::Inferred { " (date inferred)" } else { "" };
        parts.push(format!("{at}{guessed}"));
    }
    parts
}

fn block_view(i: usize, block: &Block, stored: &StoredArticle) -> BlockView {
    let mut v = BlockView {
        anchor: format!("b{i}"),
        kind: "p",
        pieces: Vec::new(),
        level: 2,
        credit: None,
        ordered: false,
        items: Vec::new(),
        rows: Vec::new(),
    };
    let part = Part::Block(i);
    match block {
        Block::Paragraph { text } => v.pieces = text::with_quotes(text, part, &stored.analysis),
        Block::Quote { text } => {
            v.kind = "quote";
            v.pieces = text::with_quotes(text, part, &stored.analysis);
        }
        Block::Heading { text, level } => {
            v.kind = "heading";
            v.level = (*level).clamp(2, 4);
            v.pieces = vec![Piece { text: text.clone(), marked: false, speaker: None }];
        }
        Block::Teaser { text } => {
            v.kind = "teaser";
            v.pieces = vec![Piece { text: text.clone(), marked: false, speaker: None }];
        }
        Block::Caption { text, credit } => {
            v.kind = "caption";
            v.pieces = vec![Piece { text: text.clone(), marked: false, speaker: None }];
            v.credit = credit.clone();
        }
        Block::List { ordered, items } => {
            v.kind = "list";
            v.ordered = *ordered;
            v.items = items.clone();
        }
        Block::Table { rows } => {
            v.kind = "table";
            v.rows = rows.clone();
        }
    }
    v
}

/// `GET /article/{id}`: the reader.
pub async fn article(State(app): State<App>, Path(id): Path<i64>) -> Result<Html<String>, WebError> {
    let (stored, story, versions) = app
        .readers
        .read(move |store| {
            let stored = store
                .article(id)?
                .ok_or_else(|| WebError::not_found(format!("there is no article #{id}")))?;
            let story = match stored.story {
                Some(sid) => store.story(sid)?.map(|d| (sid, d.summary.title)),
                None => None,
            };
            let versions = store.history(id)?.len();
            Ok((stored, story, versions))
        })
        .await?;
    let a = &stored.article;
    let mut speakers: BTreeMap<String, usize> = BTreeMap::new();
    for q in &stored.analysis.quotes {
        if let Some(sp) = &q.speaker {
            *speakers.entry(sp.name.clone()).or_default() += 1;
        }
    }
    let page = ArticlePage {
        nav: "",
        id: stored.id,
        headline: a.headline.clone(),
        meta: meta(a),
        standfirst: a
            .standfirst
            .as_deref()
            .map(|s| text::with_quotes(s, Part::Standfirst, &stored.analysis))
            .unwrap_or_default(),
        blocks: a.blocks.iter().enumerate().map(|(i, b)| block_view(i, b, &stored)).collect(),
        original: safe_url(a.url.as_deref()),
        story,
        bite: stored.analysis.bite.iter().map(|s| s.text.clone()).collect(),
        figures: stored.analysis.figures.iter().map(view::figure_phrase).collect(),
        speakers: speakers.into_iter().collect(),
        versions,
    };
    render(&page)
}

// ---------------------------------------------------------------------------------------------
// Search

/// Query of the search page (and the API's search).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct SearchParams {
    /// Free text.
    pub q: Option<String>,
    /// Only this publisher.
    pub publisher: Option<String>,
    /// From this time on.
    pub since: Option<String>,
    /// Before this time.
    pub until: Option<String>,
    /// Only articles quoting this speaker.
    pub speaker: Option<String>,
    /// Only articles naming this entity.
    pub entity: Option<String>,
    /// Page number, from 1 (pages).
    pub page: Option<usize>,
}

fn given(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

impl SearchParams {
    /// The store query these parameters ask for, or why they cannot be read.
    pub fn query(&self, now: DateTime<Utc>, limit: usize, offset: usize) -> Result<SearchQuery, WebError> {
        let time = |s: &Option<String>| -> Result<Option<DateTime<Utc>>, WebError> {
            given(s).map(|t| view::parse_time(&t, now).map_err(WebError::bad_request)).transpose()
        };
        let mut q = SearchQuery::new(given(&self.q).unwrap_or_default());
        q.publisher = given(&self.publisher);
        q.since = time(&self.since)?;
        q.until = time(&self.until)?;
        q.speaker = given(&self.speaker);
        q.entity = given(&self.entity);
        q.limit = limit;
        q.offset = offset;
        Ok(q)
    }

    fn asks(&self) -> bool {
        [&self.q, &self.publisher, &self.since, &self.until, &self.speaker, &self.entity]
            .iter()
            .any(|f| given(f).is_some())
    }

    /// The query string of these parameters on another page.
    fn link(&self, page: usize) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("publisher", &self.publisher),
            ("since", &self.since),
            ("until", &self.until),
            ("speaker", &self.speaker),
            ("entity", &self.entity),
        ] {
            if let Some(v) = given(v) {
                s.append_pair(k, &v);
            }
        }
        s.append_pair("page", &page.to_string());
        format!("/search?{}", s.finish())
    }
}

struct HitView {
    id: i64,
    headline: String,
    publisher: String,
    when: String,
    pieces: Vec<Piece>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    nav: &'static str,
    form: SearchForm,
    asked: bool,
    error: Option<String>,
    hits: Vec<HitView>,
    page: usize,
    prev: Option<String>,
    next: Option<String>,
}

struct SearchForm {
    q: String,
    publisher: String,
    since: String,
    until: String,
    speaker: String,
    entity: String,
}

/// `GET /search`.
pub async fn search(State(app): State<App>, Query(p): Query<SearchParams>) -> Result<Html<String>, WebError> {
    let page = p.page.unwrap_or(1).clamp(1, 500);
    let form = SearchForm {
        q: p.q.clone().unwrap_or_default(),
        publisher: p.publisher.clone().unwrap_or_default(),
        since: p.since.clone().unwrap_or_default(),
        until: p.until.clone().unwrap_or_default(),
        speaker: p.speaker.clone().unwrap_or_default(),
        entity: p.entity.clone().unwrap_or_default(),
    };
    let mut out = SearchPage {
        nav: "search",
        form,
        asked: p.asks(),
        error: None,
        hits: Vec::new(),
        page,
        prev: (page > 1).then(|| p.link(page - 1)),
        next: None,
    };
    if !out.asked {
        return render(&out);
    }
    let query = match p.query(Utc::now(), SEARCH_PAGE + 1, (page - 1) * SEARCH_PAGE) {
        Ok(q) => q,
        Err(e) => {
            out.error = Some(e.message);
            return render(&out);
        }
    };
    let mut hits = app.readers.read(move |store| Ok(store.search(&query)?)).await?;
    if hits.len() > SEARCH_PAGE {
        hits.truncate(SEARCH_PAGE);
        out.next = Some(p.link(page + 1));
    }
    out.hits = hits
        .into_iter()
        .map(|h| HitView {
            id: h.id,
            headline: h.headline,
            publisher: h.publisher.unwrap_or_else(|| "unknown source".into()),
            when: when_fixed(h.published).1,
            pieces: text::snippet(&h.snippet),
        })
        .collect();
    render(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_are_kept() {
        assert_eq!(safe_url(Some("https://a.example/x")).as_deref(), Some("https://a.example/x"));
        assert_eq!(safe_url(Some(" HTTP://a.example")).as_deref(), Some("HTTP://a.example"));
        assert_eq!(safe_url(Some("javascript:alert(1)")), None);
        assert_eq!(safe_url(Some("data:text/html,x")), None);
        assert_eq!(safe_url(None), None);
    }

    #[test]
    fn search_links_keep_the_filters() {
        let p = SearchParams {
            q: Some("dam & river".into()),
            speaker: Some(" ".into()),
            entity: Some("Kessel".into()),
            ..Default::default()
        };
        assert_eq!(p.link(2), "/search?q=dam+%26+river&entity=Kessel&page=2");
        assert!(p.asks());
        assert!(!SearchParams::default().asks());
        let bad = SearchParams { since: Some("soon".into()), ..Default::default() };
        assert_eq!(bad.query(Utc::now(), 5, 0).unwrap_err().status, axum::http::StatusCode::BAD_REQUEST);
    }
}
