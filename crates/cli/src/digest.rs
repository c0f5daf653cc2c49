//! Stories for people: ranking, the story page in Markdown, and the morning digest in Markdown
//! and HTML.

use std::fmt::Write;

use chrono::{DateTime, Utc};
use newsbite_library::store::{Store, StoryDetail};
use newsbite_model::{Claim, ReportRef, Stance};

pub use newsbite_library::view::{ranked, stance_label, urls};

fn source_of(detail: &StoryDetail, article: i64) -> (String, Option<String>) {
    match newsbite_library::view::report_of(detail, article) {
        Some(r) => (r.publisher.clone().unwrap_or_else(|| r.headline.clone()), r.url.clone()),
        None => (format!("article #{article}"), None),
    }
}

fn when(r: &ReportRef) -> String {
    r.published.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "undated".into())
}

/// One story in full, in Markdown: bite, disputes side by side, who said what, key figures, the
/// reports with their copies.
pub fn story_markdown(detail: &StoryDetail, store: &Store) -> String {
    let s = &detail.summary;
    let mut out = String::new();
    let badge = if s.disputed { " — disputed" } else { "" };
    let _ = writeln!(out, "# {}{badge}\n", s.title);
    let _ = writeln!(out, "*Story #{} · {} source(s) · {} article(s)*\n", s.id, s.sources, s.articles);
    if !s.bite.is_empty() {
        let _ = writeln!(out, "{}\n", s.bite.join(" "));
    }
    for claim in detail.claims.iter().filter(|c| c.disputed) {
        claim_markdown(&mut out, claim, detail);
    }
    let others: Vec<&Claim> = detail.claims.iter().filter(|c| !c.disputed).collect();
    if !others.is_empty() {
        out.push_str("## Where the sources agree\n\n");
        for claim in others {
            let who: Vec<&str> = claim.positions.iter().map(|p| p.speaker.as_str()).collect();
            let _ = writeln!(out, "- {} ({})", claim.about, who.join(", "));
        }
        out.push('\n');
    }

    let reports: Vec<(newsbite_library::store::StoredArticle, &str)> = detail
        .reports
        .iter()
        .filter_map(|r| {
            let stored = store.article(r.article).ok().flatten()?;
            Some((stored, r.publisher.as_deref().unwrap_or("unknown source")))
        })
        .collect();
    let mut quotes = String::new();
    let story: Vec<&newsbite_model::Article> = reports.iter().map(|(stored, _)| &stored.article).collect();
    for (stored, from) in &reports {
        // As `read` and the web story page list them: `**X** said …`, `**X**: “…”`.
        let words =
            newsbite_library::view::ArticleWords::new(&stored.article, &stored.analysis).in_story(&story);
        let listed = newsbite_library::view::listed_quotes(&stored.analysis.quotes);
        for (q, who) in
            listed.into_iter().filter_map(|q| Some((q, q.speaker.as_ref()?.name.as_str()))).take(6)
        {
            let line = newsbite_library::view::quote_markdown(who, q, &words);
            let _ = writeln!(quotes, "- {line} *({from})*");
        }
    }
    // Each figure once, those that most reports give first, as on the web story page.
    let all = reports
        .iter()
        .flat_map(|(stored, from)| stored.analysis.figures.iter().map(move |f| (f, (*from, stored.id))));
    let figures: Vec<String> = newsbite_library::view::key_figures(all, newsbite_library::view::KEY_FIGURES)
        .into_iter()
        .map(|k| {
            let figure = newsbite_library::view::figure_markdown(k.figure);
            match k.reports.len() {
                1 => format!("- {figure} *({})*", k.reports[0].0),
                n => format!("- {figure} *({}; in {n} reports)*", k.reports[0].0),
            }
        })
        .collect();
    if !quotes.is_empty() {
        let _ = writeln!(out, "## Who said what\n\n{quotes}");
    }
    if !figures.is_empty() {
        let _ = writeln!(out, "## Key figures\n\n{}\n", figures.join("\n"));
    }
    out.push_str("## Reports\n\n");
    let mut reports: Vec<&ReportRef> = detail.reports.iter().collect();
    reports.sort_by_key(|r| r.published);
    for r in reports {
        let from = r.publisher.as_deref().unwrap_or("unknown source");
        let link = r.url.as_deref().map(|u| format!(" <{u}>")).unwrap_or_default();
        let _ = writeln!(out, "- {} · {from}: {}{link}", when(r), r.headline);
        for c in &r.copies {
            let from = c.publisher.as_deref().unwrap_or("unknown source");
            let link = c.url.as_deref().map(|u| format!(" <{u}>")).unwrap_or_default();
            let _ = writeln!(out, "  - copy · {from}{link}");
        }
    }
    out
}

fn claim_markdown(out: &mut String, claim: &Claim, detail: &StoryDetail) {
    let _ = writeln!(out, "## Disputed: {}\n", claim.about);
    out.push_str("| who | position | what they said | source |\n|---|---|---|---|\n");
    for p in &claim.positions {
        let (source, url) = source_of(detail, p.article);
        let source = url.map_or(source.clone(), |u| format!("[{source}]({u})"));
        let said = p.sentence.replace('|', "\\|");
        let _ = writeln!(out, "| {} | {} | {said} | {source} |", p.speaker, stance_label(p.stance));
    }
    out.push('\n');
}

/// The digest in Markdown.
pub fn markdown(stories: &[StoryDetail], store: &Store, since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# NewsBite digest\n\n*{} stories since {} (made {})*\n",
        stories.len(),
        since.format("%Y-%m-%d %H:%M UTC"),
        now.format("%Y-%m-%d %H:%M UTC")
    );
    for d in stories {
        let s = &d.summary;
        let badge = if s.disputed { " · **disputed**" } else { "" };
        let _ = writeln!(out, "## {}\n\n*{} source(s){badge}*\n", s.title, s.sources);
        if !s.bite.is_empty() {
            let _ = writeln!(out, "{}\n", s.bite.join(" "));
        }
        for claim in d.claims.iter().filter(|c| c.disputed) {
            claim_markdown(&mut out, claim, d);
        }
        let figures: Vec<String> = d
            .reports
            .iter()
            .take(1)
            .filter_map(|r| store.article(r.article).ok().flatten())
            .flat_map(|a| {
                a.analysis
                    .figures
                    .iter()
                    .take(3)
                    .map(|f| match f.about.as_str() {
                        "" => newsbite_library::view::figure_value(f),
                        about => format!("{} ({about})", newsbite_library::view::figure_value(f)),
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        if !figures.is_empty() {
            let _ = writeln!(out, "Key figures: {}\n", figures.join("; "));
        }
        let links: Vec<String> = d
            .reports
            .iter()
            .map(|r| match &r.url {
                Some(u) => format!("[{}]({u})", r.publisher.as_deref().unwrap_or("source")),
                None => r.publisher.clone().unwrap_or_else(|| "source".into()),
            })
            .collect();
        let _ = writeln!(out, "Sources: {}\n", links.join(" · "));
    }
    out
}

/// Escapes text for HTML (element content and quoted attribute values).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A link target for HTML: only `http` and `https` URLs, escaped; anything else gives none.
fn safe_href(url: &str) -> Option<String> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| escape(url))
}

const CSS: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}\
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}.meta{color:#666;font-size:.9rem}\
.badge{background:#b3261e;color:#fff;border-radius:.3rem;padding:0 .4rem;font-size:.8rem;margin-left:.4rem}\
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top;text-align:left}\
.yes{color:#1b5e20}.no{color:#b3261e}.noev{color:#8a5a00}a{color:#0b57d0}";

/// The digest as one self-contained HTML page (no scripts, no external resources); every piece of
/// article text is escaped.
pub fn html(stories: &[StoryDetail], _store: &Store, since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>NewsBite digest</title><style>{CSS}</style></head><body><h1>NewsBite digest</h1>\
<p class=\"meta\">{} stories since {} · made {}</p>",
        stories.len(),
        since.format("%Y-%m-%d %H:%M UTC"),
        now.format("%Y-%m-%d %H:%M UTC")
    );
    for d in stories {
        let s = &d.summary;
        let badge = if s.disputed { "<span class=\"badge\">disputed</span>" } else { "" };
        let _ = write!(
            out,
            "<section><h2>{}{badge}</h2><p class=\"meta\">{} source(s) · {} article(s)</p><p>{}</p>",
            escape(&s.title),
            s.sources,
            s.articles,
            escape(&s.bite.join(" "))
        );
        for claim in d.claims.iter().filter(|c| c.disputed) {
            let _ = write!(
                out,
                "<p><strong>Disputed:</strong> {}</p><table><tr><th>who</th><th>position</th><th>what they said</th><th>source</th></tr>",
                escape(&claim.about)
            );
            for p in &claim.positions {
                let (source, url) = source_of(d, p.article);
                let class = match p.stance {
                    Stance::Affirms => "yes",
                    Stance::Denies => "no",
                    Stance::NoEvidence | Stance::Unclear => "noev",
                };
                let source = match url.as_deref().and_then(safe_href) {
                    Some(href) => format!("<a href=\"{href}\">{}</a>", escape(&source)),
                    None => escape(&source),
                };
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td class=\"{class}\">{}</td><td>{}</td><td>{source}</td></tr>",
                    escape(&p.speaker),
                    stance_label(p.stance),
                    escape(&p.sentence)
                );
            }
            out.push_str("</table>");
        }
        out.push_str("<p class=\"meta\">Sources: ");
        for (i, r) in d.reports.iter().enumerate() {
            if i > 0 {
                out.push_str(" · ");
            }
            let name = escape(r.publisher.as_deref().unwrap_or("source"));
            match r.url.as_deref().and_then(safe_href) {
                Some(href) => {
                    let _ = write!(out, "<a href=\"{href}\">{name}</a>");
                }
                None => out.push_str(&name),
            }
            if !r.copies.is_empty() {
                let _ = write!(out, " (+{} copies)", r.copies.len());
            }
        }
        out.push_str("</p></section>");
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_links() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(
            safe_href("https://a.example/?q=\"x\"").as_deref(),
            Some("https://a.example/?q=&quot;x&quot;")
        );
    }
}
